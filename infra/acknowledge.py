"""One way to acknowledge a cdk-nag (v3) finding: on a construct, with a written reason."""

from __future__ import annotations

from typing import Any

from aws_cdk import Acknowledgment, Stack, Validations
from constructs import IConstruct


def acknowledge(scope: IConstruct, rule_id: str, reason: str) -> None:
    """Acknowledge ``rule_id`` (e.g. ``AwsSolutions-IAM5[Resource::*]``) on ``scope`` and below."""
    if len(reason.split()) < 8:
        raise ValueError(f"acknowledging {rule_id} needs a real reason, not {reason!r}")
    Validations.of(scope).acknowledge(Acknowledgment(id=rule_id, reason=reason))


def nag_resource(scope: IConstruct, value: str) -> str:
    """``value`` (which may hold CDK tokens) as cdk-nag names it in a finding id.

    cdk-nag flattens intrinsics: ``Ref X`` -> ``<X>``, ``GetAtt X.Arn`` -> ``<X.Arn>``, joins
    concatenated, ``Fn::Sub`` variables ``${X}`` -> ``<X>``, so ``arn:<AWS::Partition>:ssm:...`` or
    ``<DataCasesTable1234.Arn>/index/*``.
    """
    return _flatten(Stack.of(scope).resolve(value))


def _flatten(node: Any) -> str:
    if isinstance(node, str):
        return node.replace("${", "<").replace("}", ">")
    if isinstance(node, dict) and "Fn::Join" in node:
        delimiter, items = node["Fn::Join"]
        return delimiter.join(_flatten(i) for i in items)
    if isinstance(node, dict) and "Fn::GetAtt" in node:
        resource, attribute = node["Fn::GetAtt"]
        return f"<{_flatten(resource)}.{_flatten(attribute)}>"
    if isinstance(node, dict) and isinstance(node.get("Fn::Sub"), str):  # e.g. CDK's asset bucket name
        return _flatten(node["Fn::Sub"])
    if isinstance(node, dict) and "Ref" in node:
        return f"<{_flatten(node['Ref'])}>"
    raise ValueError(f"cannot flatten {node!r} the way cdk-nag does")
