#!/usr/bin/env python3
"""Generates the float64 twins of the float32 kernel classes (the Vector API has no generic vector
type, so each precision needs its own class). Edit the Float file, then run this; `--check` (run by
.ci/run) fails when a Double file is out of date. Only names and literals are rewritten ("float32"
becomes "float64"): write the Float files' comments so that they hold for both precisions.

    python3 src/codegen/float_to_double.py [--check]
"""
import re
import sys
from pathlib import Path

MAIN = Path(__file__).resolve().parents[1] / "main/java/dev/vecnet"
PAIRS = ["PanamaFloatGemm", "PanamaFloatBlocking", "PanamaFloatEpilogue", "PanamaFloatKernels", "PanamaFloatPanels", "PanamaFloatSoftmax", "PanamaFloatSparse",
         "PanamaFloatScratch", "ScalarFloatKernels", "FloatKernels", "FloatKernelsImpl", "PackedFloatMatrix", "SwitchingFloatKernels",
         "PanamaFloatTiles", "PanamaFloatPacking", "PanamaFloatRowsPath", "PanamaFloatSmallPath", "FloatContractChecks"]
HEADER = "// GENERATED from {src}.java by src/codegen/float_to_double.py: edit that file, not this one.\n"


def convert(text: str) -> str:
    text = re.sub(r"\bPanamaFloat(?=[A-Z])", "PanamaDouble", text)
    for a, b in [("FloatVector", "DoubleVector"), ("PanamaSpecies.FLOAT", "PanamaSpecies.DOUBLE"),
                 ("PanamaFloatScratch", "PanamaDoubleScratch"), ("PanamaFloatPanels", "PanamaDoublePanels"),
                 ("PanamaFloatSoftmax", "PanamaDoubleSoftmax"), ("PanamaFloatSparse", "PanamaDoubleSparse"),
                 ("VectorMask<Float>", "VectorMask<Double>"), ("FloatBuffer", "DoubleBuffer"), ("Float.BYTES", "Double.BYTES"), ("JAVA_FLOAT", "JAVA_DOUBLE"), ("PanamaFloatGemm", "PanamaDoubleGemm"), ("PanamaFloatTiles", "PanamaDoubleTiles"), ("PanamaFloatPacking", "PanamaDoublePacking"), ("PanamaFloatRowsPath", "PanamaDoubleRowsPath"), ("PanamaFloatSmallPath", "PanamaDoubleSmallPath"),
                 ("PanamaFloatKernels", "PanamaDoubleKernels"), ('SmallProductTiles("float32")', 'SmallProductTiles("float64")'), ("ScalarFloatKernels", "ScalarDoubleKernels"), ("SwitchingFloatKernels", "SwitchingDoubleKernels"),
                 ("FloatContractChecks", "DoubleContractChecks"), ("Float.floatToIntBits", "Double.doubleToLongBits"), ("Float.MIN_NORMAL", "Double.MIN_NORMAL"), ("Float.NaN", "Double.NaN"), ("FloatKernelsImpl", "DoubleKernelsImpl"), ("PackedFloatMatrix", "PackedDoubleMatrix"), ("FloatKernels", "DoubleKernels"), ("VectorSpecies<Float>", "VectorSpecies<Double>"), ("VectorMask<Float>", "VectorMask<Double>"),
                 ("Float.NEGATIVE_INFINITY", "Double.NEGATIVE_INFINITY"), ("Float.isNaN", "Double.isNaN"), ("Float.isFinite", "Double.isFinite"), ("float32", "float64"),
                 (" floats ", " doubles "),
                 ("(float) (1.0 / (1.0 + Math.exp(-x)))", "1.0 / (1.0 + Math.exp(-x))"), ("(float) Math.exp", "Math.exp"),
                 (" float lanes", " double lanes")]:
        text = text.replace(a, b)
    text = re.sub(r"\bfloat\b", "double", text)
    return re.sub(r"(?<![\w.])(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)f\b",
                  lambda m: m.group(1) if re.search(r"[.eE]", m.group(1)) else m.group(1) + ".0", text)


def main() -> int:
    check = "--check" in sys.argv
    stale = []
    for name in PAIRS:
        source = next(MAIN.rglob(name + ".java"))
        target = source.with_name(name.replace("Float", "Double") + ".java")
        wanted = HEADER.format(src=name) + convert(source.read_text())
        if check:
            if not target.exists() or target.read_text() != wanted:
                stale.append(target.name)
        else:
            target.write_text(wanted)
    if stale:
        print("out of date (run python3 src/codegen/float_to_double.py):", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
