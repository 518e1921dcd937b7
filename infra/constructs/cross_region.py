"""What the gates say of CDK's cross-region reference machinery.

With ``cross_region_references=True``, CDK adds a writer custom resource to the producing stack (it
writes each value as an SSM parameter under ``/cdk/exports/<consumer>/`` in the consumer's region)
and a reader to the consuming stack (it reads them and tags them, so a value in use cannot be
deleted). It adds them while it prepares the app for synthesis, after every construct of ours is
built, so what the gates need on them is added by a validation hook, which CDK runs after that
preparation and before it writes the templates.

cdk-nag finds nothing there: CDK builds these functions as plain ``CfnResource``s, which its rules
do not inspect. cfn-lint does, through the templates.
"""

from __future__ import annotations

import jsii
from aws_cdk import CfnResource, Stack
from constructs import IValidation

PROVIDERS = (
    "Custom::CrossRegionExportWriterCustomResourceProvider",
    "Custom::CrossRegionExportReaderCustomResourceProvider",
)
# cfn-lint (serverless rules) on the providers' functions, which run only while CloudFormation
# deploys and report every error to it: WS1000 (X-Ray tracing: CloudTrail records their few SSM
# calls) and WS1004 (a log group with retention: CDK's provider framework offers none for them);
# W3005: CDK adds a DependsOn on the role beside the GetAtt.
IGNORED_CHECKS = ["WS1000", "WS1004", "W3005"]


def annotate_cross_region_providers(stack: Stack) -> None:
    """Have cfn-lint skip, with the reasons above, the checks the providers CDK adds to ``stack``
    cannot meet."""
    stack.node.add_validation(_AnnotateProviders(stack))


@jsii.implements(IValidation)
class _AnnotateProviders:
    def __init__(self, stack: Stack) -> None:
        self._stack = stack

    def validate(self) -> list[str]:
        for provider_id in PROVIDERS:
            provider = self._stack.node.try_find_child(provider_id)
            handler = provider.node.try_find_child("Handler") if provider else None
            if isinstance(handler, CfnResource):
                handler.add_metadata("cfn-lint", {"config": {"ignore_checks": IGNORED_CHECKS}})
        return []
