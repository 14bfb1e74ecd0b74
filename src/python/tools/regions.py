"""Where the services and models this system needs are offered, as of AS_OF.

One table serves `check-config` (refuse a region that lacks a service) and `docs/regions.md`
(`render_markdown()`). AWS adds regions often: check the sources and update AS_OF when you do.
"""

from __future__ import annotations

from dataclasses import dataclass

AS_OF = "2025-07-31"
SOURCES = {
    "Amazon Connect": "https://docs.aws.amazon.com/connect/latest/adminguide/regions.html",
    "Amazon Lex V2": "https://docs.aws.amazon.com/general/latest/gr/lex.html",
    "Amazon Bedrock": "https://docs.aws.amazon.com/bedrock/latest/userguide/bedrock-regions.html",
    "Bedrock models": "https://docs.aws.amazon.com/bedrock/latest/userguide/models-regions.html",
    "Inference profiles": "https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html",
    "S3 Vectors": "https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-vectors-regions-quotas.html",
}


@dataclass(frozen=True)
class Service:
    key: str
    name: str
    regions: frozenset[str]
    needed_for: str  # "all" or an agent backend name


def _r(*regions: str) -> frozenset[str]:
    return frozenset(regions)


SERVICES: tuple[Service, ...] = (
    Service(
        "connect",
        "Amazon Connect",
        _r(
            "us-east-1",
            "us-west-2",
            "af-south-1",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-southeast-1",
            "ap-southeast-2",
            "ca-central-1",
            "eu-central-1",
            "eu-west-2",
        ),
        "all",
    ),
    Service(
        "lexv2",
        "Amazon Lex V2",
        _r(
            "us-east-1",
            "us-west-2",
            "af-south-1",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-southeast-1",
            "ap-southeast-2",
            "ca-central-1",
            "eu-central-1",
            "eu-west-1",
            "eu-west-2",
        ),
        "all",
    ),
    Service(
        "bedrock_kb",
        "Bedrock Knowledge Bases",
        _r(
            "us-east-1",
            "us-west-2",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-south-1",
            "ap-southeast-1",
            "ap-southeast-2",
            "ca-central-1",
            "eu-central-1",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "sa-east-1",
        ),
        "all",
    ),
    Service(
        "s3_vectors",
        "Amazon S3 Vectors",
        _r("us-east-1", "us-east-2", "us-west-2", "eu-central-1", "ap-southeast-2"),
        "all",
    ),
    Service(
        "bedrock_agents",
        "Bedrock Agents",
        _r(
            "us-east-1",
            "us-west-2",
            "ap-northeast-1",
            "ap-south-1",
            "ap-southeast-1",
            "ap-southeast-2",
            "ca-central-1",
            "eu-central-1",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "sa-east-1",
        ),
        "bedrock-agents",
    ),
)

# Cross-region inference profiles: the prefix of the profile id -> regions that may call it.
PROFILE_REGIONS: dict[str, frozenset[str]] = {
    "us": _r("us-east-1", "us-east-2", "us-west-2"),
    "eu": _r("eu-central-1", "eu-west-1", "eu-west-3", "eu-north-1"),
    "apac": _r(
        "ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-1", "ap-southeast-2"
    ),
}

# Models called in-region (no profile prefix) -> regions offering them on demand.
MODEL_REGIONS: dict[str, frozenset[str]] = {
    "anthropic.claude-3-haiku-20240307-v1:0": _r(
        "us-east-1",
        "us-west-2",
        "ap-northeast-1",
        "ap-south-1",
        "ap-southeast-1",
        "ap-southeast-2",
        "ca-central-1",
        "eu-central-1",
        "eu-west-1",
        "eu-west-2",
        "eu-west-3",
        "sa-east-1",
    ),
    "anthropic.claude-3-5-sonnet-20240620-v1:0": _r(
        "us-east-1", "us-west-2", "ap-northeast-1", "ap-southeast-1", "eu-central-1"
    ),
    "amazon.nova-lite-v1:0": _r("us-east-1"),
    "amazon.nova-pro-v1:0": _r("us-east-1"),
    "amazon.titan-embed-text-v2:0": _r(
        "us-east-1",
        "us-west-2",
        "ap-northeast-1",
        "ap-south-1",
        "ap-southeast-2",
        "ca-central-1",
        "eu-central-1",
        "eu-west-2",
        "sa-east-1",
    ),
}
# Models known only through profiles (no in-region on-demand use).
PROFILE_ONLY_MODELS = frozenset(
    {
        "anthropic.claude-sonnet-4-20250514-v1:0",
        "anthropic.claude-3-5-haiku-20241022-v1:0",
        "anthropic.claude-3-7-sonnet-20250219-v1:0",
    }
)


def services_for(agent_backend: str) -> list[Service]:
    return [s for s in SERVICES if s.needed_for in ("all", agent_backend)]


def model_offered(model_id: str, region: str) -> bool | None:
    """True/False when the table knows; None for a model it does not list."""
    prefix, _, rest = model_id.partition(".")
    if prefix in PROFILE_REGIONS:
        if rest not in PROFILE_ONLY_MODELS and rest not in MODEL_REGIONS:
            return None
        return region in PROFILE_REGIONS[prefix]
    if model_id in PROFILE_ONLY_MODELS:
        return False  # needs a us./eu./apac. inference profile id
    if model_id in MODEL_REGIONS:
        return region in MODEL_REGIONS[model_id]
    return None


def region_problems(region: str, agent_backend: str, models: list[str]) -> list[str]:
    """Why `region` cannot host this system (empty when it can, as far as the table knows)."""
    problems = [
        f"{s.name} is not offered in {region} (as of {AS_OF})"
        for s in services_for(agent_backend)
        if region not in s.regions
    ]
    for model in models:
        if model_offered(model, region) is False:
            problems.append(f"model {model} cannot be called from {region} ({_model_hint(model)})")
    return problems


def unknown_models(models: list[str]) -> list[str]:
    return [m for m in models if model_offered(m, "us-east-1") is None]


def supported_regions(agent_backend: str = "converse") -> list[str]:
    regions = set.intersection(*(set(s.regions) for s in services_for(agent_backend)))
    return sorted(regions)


def _model_hint(model: str) -> str:
    prefix, _, rest = model.partition(".")
    if prefix in PROFILE_REGIONS:
        return f"the {prefix}. profile serves {', '.join(sorted(PROFILE_REGIONS[prefix]))}"
    if model in PROFILE_ONLY_MODELS:
        return "it is offered only through an inference profile: prefix it with us., eu. or apac."
    return f"offered in {', '.join(sorted(MODEL_REGIONS.get(model, frozenset())))}"


def render_markdown() -> str:
    """The table for docs/regions.md: one row per region that offers at least one service."""
    regions = sorted(set().union(*(s.regions for s in SERVICES)))
    headers = [
        "Region",
        *(s.name for s in SERVICES),
        "Model profiles",
        "Fits (converse)",
        "Fits (bedrock-agents)",
    ]
    lines = [
        f"Service availability as of {AS_OF} (from the tool's table `tools/regions.py`; "
        "regenerate this page when it changes).",
        "",
        "| " + " | ".join(headers) + " |",
        "| " + " | ".join("---" for _ in headers) + " |",
    ]
    converse, agents = set(supported_regions("converse")), set(supported_regions("bedrock-agents"))
    for region in regions:
        cells = ["yes" if region in s.regions else "-" for s in SERVICES]
        profiles = ", ".join(p + "." for p, rs in PROFILE_REGIONS.items() if region in rs) or "-"
        lines.append(
            "| "
            + " | ".join(
                [
                    f"`{region}`",
                    *cells,
                    profiles,
                    "**yes**" if region in converse else "no",
                    "**yes**" if region in agents else "no",
                ]
            )
            + " |"
        )
    lines += ["", "Sources:", ""]
    lines += [f"- {name}: <{url}>" for name, url in SOURCES.items()]
    return "\n".join(lines) + "\n"
