"""`python_awslambda_bytecode`: a Lambda zip with the bytecode of every module in it.

Lambda unpacks the zip into /var/task, which is read-only, so Python cannot cache the bytecode
it compiles: without `__pycache__` in the zip, every cold start compiles every module again
(about 300 ms of CPU for this runtime, more than importing boto3). Pex leaves `.pyc` files out of
the zips it builds and Pants 2.17 has no option to compile them, so this target takes the zip of
a `python_awslambda` target and adds `<package>/__pycache__/<module>.cpython-3XX.pyc` beside each
module, compiled by the repository's Python (its interpreter constraints must name the Lambda
runtime's minor version). The bytecode is checked against the hash of its source at import:
a module whose source differs is compiled as before, never run stale. Bytecode already in the
zip (pex copies what a machine's cache happens to hold, timestamp-checked and so useless in
/var/task) is replaced.

    python_awslambda(name="lambda-sources", handler="...")
    python_awslambda_bytecode(name="lambda", dependencies=[":lambda-sources"])
"""

from __future__ import annotations

from dataclasses import dataclass

from pants.backend.python.subsystems.setup import PythonSetup
from pants.backend.python.target_types import InterpreterConstraintsField
from pants.backend.python.util_rules.interpreter_constraints import InterpreterConstraints
from pants.backend.python.util_rules.pex import PythonExecutable
from pants.backend.python.util_rules.pex import rules as pex_rules
from pants.core.goals.package import (
    BuiltPackage,
    BuiltPackageArtifact,
    EnvironmentAwarePackageRequest,
    OutputPathField,
    PackageFieldSet,
)
from pants.engine.process import Process, ProcessResult
from pants.engine.rules import Get, collect_rules, rule
from pants.engine.target import (
    COMMON_TARGET_FIELDS,
    Dependencies,
    DependenciesRequest,
    FieldSetsPerTarget,
    FieldSetsPerTargetRequest,
    InvalidTargetException,
    Target,
    Targets,
)
from pants.engine.unions import UnionRule
from pants.util.logging import LogLevel

# Run by the repository's Python: copy the zip, adding checked-hash bytecode beside each module.
_COMPILE = """
import os, py_compile, sys, tempfile, zipfile
source, target = sys.argv[1:3]
tag, compiled, skipped = sys.implementation.cache_tag, 0, []
os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout, \\
        tempfile.TemporaryDirectory() as tmp:
    module, cached = os.path.join(tmp, "module.py"), os.path.join(tmp, "module.pyc")
    for info in zin.infolist():
        if "/__pycache__/" in "/" + info.filename:  # whatever a machine's pex cache held
            continue
        data = zin.read(info)
        zout.writestr(info, data)
        if not info.filename.endswith(".py"):
            continue
        folder, _, name = info.filename.rpartition("/")
        pyc = (folder + "/" if folder else "") + f"__pycache__/{name[:-3]}.{tag}.pyc"
        with open(module, "wb") as f:
            f.write(data)
        try:
            py_compile.compile(module, cfile=cached, dfile=info.filename, doraise=True,
                               invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)
        except py_compile.PyCompileError:  # Python could not import it either
            skipped.append(info.filename)
            continue
        entry = zipfile.ZipInfo(pyc, date_time=info.date_time)
        entry.external_attr, entry.compress_type = info.external_attr, zipfile.ZIP_DEFLATED
        with open(cached, "rb") as f:
            zout.writestr(entry, f.read())
        compiled += 1
print(f"{compiled} modules compiled for {tag}" + (f", {len(skipped)} skipped" if skipped else ""))
"""


class BytecodeZipDependencies(Dependencies):
    help = "The `python_awslambda` target whose zip gets the bytecode (exactly one package)."


class PythonAwsLambdaBytecodeTarget(Target):
    alias = "python_awslambda_bytecode"
    core_fields = (
        *COMMON_TARGET_FIELDS,
        BytecodeZipDependencies,
        OutputPathField,
        InterpreterConstraintsField,
    )
    help = __doc__


@dataclass(frozen=True)
class BytecodeZipFieldSet(PackageFieldSet):
    required_fields = (BytecodeZipDependencies,)

    dependencies: BytecodeZipDependencies
    output_path: OutputPathField
    interpreter_constraints: InterpreterConstraintsField


@rule(desc="Add bytecode to a Lambda zip", level=LogLevel.DEBUG)
async def package_with_bytecode(
    field_set: BytecodeZipFieldSet, python_setup: PythonSetup
) -> BuiltPackage:
    targets = await Get(Targets, DependenciesRequest(field_set.dependencies))
    per_target = await Get(
        FieldSetsPerTarget, FieldSetsPerTargetRequest(PackageFieldSet, targets)
    )
    packages = [fs for field_sets in per_target.collection for fs in field_sets]
    if len(packages) != 1:
        raise InvalidTargetException(
            f"{field_set.address}: `dependencies` must name exactly one python_awslambda target "
            f"(found {len(packages)} packages); list the zip's handler target there"
        )
    inner = await Get(BuiltPackage, EnvironmentAwarePackageRequest(packages[0]))
    zips = [a.relpath for a in inner.artifacts if a.relpath and a.relpath.endswith(".zip")]
    if len(zips) != 1:
        raise InvalidTargetException(f"{packages[0].address} did not build one zip: {zips}")
    constraints = InterpreterConstraints.create_from_compatibility_fields(
        [field_set.interpreter_constraints], python_setup
    )
    python = await Get(PythonExecutable, InterpreterConstraints, constraints)
    output = field_set.output_path.value_or_default(file_ending="zip")
    result = await Get(
        ProcessResult,
        Process(
            argv=(python.path, "-I", "-c", _COMPILE, zips[0], output),
            input_digest=inner.digest,
            output_files=(output,),
            append_only_caches=python.append_only_caches,
            immutable_input_digests=python.immutable_input_digests,
            description=f"Compile the bytecode of {packages[0].address} for {field_set.address}",
            level=LogLevel.DEBUG,
        ),
    )
    summary = result.stdout.decode().strip()
    log_lines = tuple(line for a in inner.artifacts for line in a.extra_log_lines)
    return BuiltPackage(
        result.output_digest,
        (BuiltPackageArtifact(output, (*log_lines, f"    Bytecode: {summary}")),),
    )


def target_types() -> list[type[Target]]:
    return [PythonAwsLambdaBytecodeTarget]


def rules() -> list:
    return [
        *collect_rules(),
        *pex_rules(),
        UnionRule(PackageFieldSet, BytecodeZipFieldSet),
    ]
