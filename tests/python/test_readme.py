"""The README's Python example, exactly as written, prints the PSA scores of
the demo person (FTA 4, NCA 6, NVCA flagged) and the batch path's."""

import contextlib
import io
import re


def test_the_readme_python_example_runs_as_written(source_dir):
    readme = (source_dir / "README.md").read_text()
    block = re.search(r"<!-- readme_python:.*?-->\s*```python\n(.*?)```", readme, re.S).group(1)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(block, "README.md", "exec"), {})
    assert printed.getvalue().splitlines() == [
        "[('fta', 4, None), ('nca', 6, None), ('nvca', None, True)]",
        "[6 6 6]",
    ]
