"""Where Amazon Connect keeps what happens on a contact, all encrypted with the stack's CMK.

- Contact trace records (one per contact: queue, timings, attributes) stream to a Kinesis data
  stream, for the reporting that later issues build on.
- Call recordings and chat transcripts land in an S3 bucket (SSE-KMS, bucket key), private, TLS
  only, versioned, expiring after the stage's retention; its server access logs go to a log bucket.

Connect writes with its instance's service-linked role. Associating the bucket with a KMS key
makes Connect create a grant on that key for the role (``KmsEncryptionConfig``); the stream uses
the same key, so the same grant covers it ("use the same customer managed key" in Connect's
admin guide, *Enable contact analysis segment streams*): the stream's association waits for the
bucket's.
"""

from __future__ import annotations

from typing import cast

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_connect as connect
from aws_cdk import aws_kinesis as kinesis
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from infra.acknowledge import acknowledge
from infra.config import StageConfig

RECORDINGS_PREFIX = "recordings"
TRANSCRIPTS_PREFIX = "chat-transcripts"
# A recording deleted by mistake can be restored for a week; after that it is gone for good.
NONCURRENT_VERSIONS_DAYS = 7


class ContactRecords(Construct):
    """The CTR stream, the recordings bucket (and its access-log bucket) and their associations."""

    def __init__(
        self, scope: Construct, id: str, *, config: StageConfig, key: kms.IKey, instance_arn: str
    ) -> None:
        super().__init__(scope, id)
        # Access-log delivery is granted by bucket policy, not the legacy log-delivery ACL.
        self.node.set_context("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", True)
        connect_config = config.connect
        self.ctr_stream = kinesis.Stream(
            self,
            "ContactTraceRecords",
            encryption=kinesis.StreamEncryption.KMS,
            encryption_key=key,
            retention_period=Duration.hours(connect_config.ctr_stream_retention_hours),
            # One shard takes 1,000 records a second: far beyond a council's contacts.
            stream_mode=kinesis.StreamMode.PROVISIONED,
            shard_count=1,
            removal_policy=RemovalPolicy.RETAIN if config.is_prod else RemovalPolicy.DESTROY,
        )
        acknowledge(
            self.ctr_stream,
            "AwsSolutions-KDS3",
            "Contact records carry callers' numbers and attributes, so they stay under the stack's own "
            "CMK like every other store of personal data; Connect can write only with that same key, "
            "through the grant its recordings association creates.",
        )

        self.access_logs = self._access_log_bucket(config)
        self.recordings = s3.Bucket(
            self,
            "Recordings",
            encryption=s3.BucketEncryption.KMS,
            encryption_key=key,
            bucket_key_enabled=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            enforce_ssl=True,
            versioned=True,
            server_access_logs_bucket=self.access_logs,
            server_access_logs_prefix="recordings/",
            lifecycle_rules=[
                s3.LifecycleRule(
                    id="RetentionPeriod",
                    expiration=Duration.days(connect_config.recordings_retention_days),
                    noncurrent_version_expiration=Duration.days(NONCURRENT_VERSIONS_DAYS),
                    abort_incomplete_multipart_upload_after=Duration.days(1),
                )
            ],
            # Retained even in dev: a bucket with objects cannot be deleted by CloudFormation, and
            # the lifecycle rule still empties it on schedule once the stack is gone.
            removal_policy=RemovalPolicy.RETAIN,
        )
        acknowledge(
            self.recordings,
            "NIST.800.53.R5-S3BucketReplicationEnabled",
            "Recordings and transcripts are personal data kept in the council's chosen UK region "
            "only; versioning guards against deletion, and a replica elsewhere would be a second "
            "copy to govern and expire. Councils needing one add replication to their own bucket.",
        )

        s3_storage = {
            resource_type: connect.CfnInstanceStorageConfig(
                self,
                resource_type.title().replace("_", ""),
                instance_arn=instance_arn,
                resource_type=resource_type,
                storage_type="S3",
                s3_config=connect.CfnInstanceStorageConfig.S3ConfigProperty(
                    bucket_name=self.recordings.bucket_name,
                    bucket_prefix=prefix,
                    encryption_config=connect.CfnInstanceStorageConfig.EncryptionConfigProperty(
                        encryption_type="KMS", key_id=key.key_arn
                    ),
                ),
            )
            for resource_type, prefix in (
                ("CALL_RECORDINGS", RECORDINGS_PREFIX),
                ("CHAT_TRANSCRIPTS", TRANSCRIPTS_PREFIX),
            )
        }
        self.ctr_storage = connect.CfnInstanceStorageConfig(
            self,
            "ContactTraceRecordsStorage",
            instance_arn=instance_arn,
            resource_type="CONTACT_TRACE_RECORDS",
            storage_type="KINESIS_STREAM",
            kinesis_stream_config=connect.CfnInstanceStorageConfig.KinesisStreamConfigProperty(
                stream_arn=self.ctr_stream.stream_arn
            ),
        )
        # The recordings association creates the key grant Connect's role also needs for the stream.
        self.ctr_storage.node.add_dependency(s3_storage["CALL_RECORDINGS"])
        self.storage = {**s3_storage, "CONTACT_TRACE_RECORDS": self.ctr_storage}

    def _access_log_bucket(self, config: StageConfig) -> s3.Bucket:
        bucket = s3.Bucket(
            self,
            "AccessLogs",
            # S3 server access logging delivers to SSE-S3 destination buckets.
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            enforce_ssl=True,
            versioned=True,
            lifecycle_rules=[
                s3.LifecycleRule(
                    id="LogRetention",
                    expiration=Duration.days(config.log_retention_days),
                    noncurrent_version_expiration=Duration.days(1),
                )
            ],
            removal_policy=RemovalPolicy.RETAIN,
        )
        reason_logs = (
            "This is the access-log bucket of the recordings bucket; logging it into itself would log "
            "each log delivery in an endless loop, and it holds no personal data to audit access to."
        )
        for rule in ("AwsSolutions-S1", "NIST.800.53.R5-S3BucketLoggingEnabled"):
            acknowledge(bucket, rule, reason_logs)
        acknowledge(
            bucket,
            "NIST.800.53.R5-S3DefaultEncryptionKMS",
            "S3 server access logs are delivered to destination buckets encrypted with SSE-S3 "
            "(AES-256); the logs hold request metadata about the recordings bucket, never a "
            "recording or transcript, which stay under the stack's KMS key.",
        )
        acknowledge(
            bucket,
            "NIST.800.53.R5-S3BucketReplicationEnabled",
            "Access logs are operational metadata kept in the stage's region for the stage's log "
            "retention; replicating them elsewhere would add cost and a second copy to expire.",
        )
        cfn = cast(s3.CfnBucket, bucket.node.default_child)
        cfn.add_metadata(
            "checkov",
            {"skip": [{"id": "CKV_AWS_18", "comment": "the access-log bucket: logging it would loop"}]},
        )
        return bucket
