"""Keeping residents informed: invoked with records of the cases table's stream (new public updates,
a case's first update included) and tells each update's reporter, at most once per update.

Records are processed one by one with powertools' BatchProcessor: a record whose message could not
be sent is reported as a batch item failure, so Lambda retries it (and, after the event source
mapping's retries, puts it in the dead-letter queue) while the others are done. Log lines carry
references, update ids and codes: never an address, a number or a message.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from frontdoor.messaging.ports import MessageNotSent
from frontdoor.notifications.stream import public_update
from frontdoor.observability import function_logger
from frontdoor.wiring import idempotent_notifying

logger = function_logger("notifier")
# Every record reported failed is the same as a failed batch for a stream, without a stack trace
# (whose exception text this function does not control) in the function's log.
processor = BatchProcessor(event_type=EventType.DynamoDBStreams, raise_on_entire_batch_failure=False)


def notify_record(record: DynamoDBRecord) -> None:
    stream = record.dynamodb
    where = {"sequence_number": stream.sequence_number if stream else None}
    try:
        update = public_update(stream.new_image if stream else {})
        if update is None:
            logger.info("record ignored: not a public update", extra=where)
            return
        where.update(reference=update.reference, update_id=update.update_id)
        _config, notify = idempotent_notifying()
        outcome = notify(key={"update_id": update.update_id}, update=update)
    except MessageNotSent as refused:
        logger.warning("message not sent; the record will be retried", extra={**where, "code": refused.code})
        raise
    except Exception as error:  # named by type only: an exception's text is not ours to log
        logger.warning(
            "update not notified; the record will be retried", extra={**where, "error": type(error).__name__}
        )
        raise
    logger.info("update notified", extra=outcome)


@logger.inject_lambda_context(log_event=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    config, _notify = idempotent_notifying()
    config.register_lambda_context(context)  # an invocation that times out frees its records
    return dict(
        process_partial_response(
            event=event, record_handler=notify_record, processor=processor, context=context
        )
    )
