"""The instructors' release: an nbgrader course built from the lessons, checked with nbgrader itself.

The unit tests build source notebooks from the real lessons. The nbgrader test (skipped, with the
reason, where nbgrader is not installed: `pip install -e .[instructor]`) runs nbgrader's own
generate_assignment and autograde on two lessons: the release holds no solution, the solutions
score full marks, the untouched release scores 0.
"""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from lessonlib import instructor

ROOT = Path(__file__).resolve().parent.parent
LESSONS = instructor.lessons_with_exercises()
# two lessons that run in seconds (no training, no data set): autograde runs each notebook twice
GRADED = [p.stem for p in LESSONS if p.name.startswith(("09_", "17_"))]


def test_every_lesson_01_to_21_has_a_solutions_file_and_a_stub():
    stems = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb") if p.name[:2] != "00")
    assert [p.stem for p in LESSONS] == stems


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_source_notebook_has_solutions_and_graded_checks(path):
    nb = instructor.source_notebook(path, instructor.SOLUTIONS / f"l{path.stem}.py")
    cells = [c for c in nb.cells if "nbgrader" in c.metadata]
    solutions = [c for c in cells if c.metadata["nbgrader"]["solution"]]
    tests = [c for c in cells if c.metadata["nbgrader"]["grade"]]
    assert solutions and len(tests) == len(solutions)
    for cell in solutions:
        assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source
        assert "raise NotImplementedError()" not in cell.source
    for cell in tests:
        meta = cell.metadata["nbgrader"]
        assert meta["locked"] and meta["points"] > 0 and ".grade(" in cell.source and ".check(" not in cell.source
    ids = [c.metadata["nbgrader"]["grade_id"] for c in cells]
    assert len(ids) == len(set(ids))
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def _nbgrader(*args, cwd):
    # nbgrader runs `alembic` from PATH to set up its database: this interpreter's scripts first
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    run = subprocess.run([sys.executable, "-m", "nbgrader", *args, "--log-level=WARN"], cwd=cwd,
                         capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return run


def test_nbgrader_release_has_no_solution_and_grades_solutions_full_and_stubs_zero(tmp_path):
    pytest.importorskip("nbgrader", reason="nbgrader is the instructors' extra: pip install -e .[instructor]")
    course = tmp_path / "course"
    names = instructor.write_course(course, [g[:2] for g in GRADED])
    assert names == GRADED and (course / "nbgrader_config.py").exists()
    for name in names:
        _nbgrader("db", "assignment", "add", name, cwd=course)
        _nbgrader("generate_assignment", name, "--force", cwd=course)
        release = (course / "release" / name / f"{name}.ipynb").read_text()
        assert "BEGIN SOLUTION" not in release and "raise NotImplementedError()" in release
        for student, version in (("solver", course / "source" / name), ("idle", course / "release" / name)):
            target = course / "submitted" / student / name
            shutil.copytree(version, target, dirs_exist_ok=True)
            _nbgrader("db", "student", "add", student, cwd=course)
        _nbgrader("autograde", name, "--force", cwd=course)
        scores = {}
        for student in ("solver", "idle"):
            graded = nbformat.read(course / "autograded" / student / name / f"{name}.ipynb", as_version=4)
            tests = [c for c in graded.cells if c.metadata.get("nbgrader", {}).get("grade")]
            failed = [c for c in tests if any(o.output_type == "error" for o in c.outputs)]
            scores[student] = (len(tests) - len(failed), len(tests))
        assert scores["solver"][0] == scores["solver"][1] > 0, scores
        assert scores["idle"][0] == 0, scores
        export = json.loads(_nbgrader_scores(course, name))
        assert export["solver"] == export["max"] > 0 and export["idle"] == 0, export


def _nbgrader_scores(course, name):
    """Scores from nbgrader's own gradebook (what an instructor's export shows)."""
    code = ("import json, sys\nfrom nbgrader.api import Gradebook\n"
            f"with Gradebook('sqlite:///{course / 'gradebook.db'}') as gb:\n"
            f"    a = gb.find_assignment('{name}')\n"
            f"    out = {{s: gb.find_submission('{name}', s).score for s in ('solver', 'idle')}}\n"
            "    out['max'] = a.max_score\n"
            "    print(json.dumps(out))\n")
    return subprocess.run([sys.executable, "-c", code], cwd=course, capture_output=True, text=True, check=True).stdout
