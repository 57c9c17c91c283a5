"""The quick listing loads no :mod:`inspect` (casebook.cli.lazy): a stand-in takes its place in
``sys.modules`` until an attribute is read from it, and then every use of inspect gets the
real module's. Each check runs in a fresh process: this one imported inspect long ago."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from tests.foundation.test_cli import listed_project  # noqa: F401 -- fixture
from tests.foundation.test_startup import QUICK, ROOT, imported, small_project  # noqa: F401

INSPECTS = ("inspect", "ast", "dis", "tokenize", "linecache")  # inspect and what it imports


@pytest.mark.parametrize("name", [n for n in QUICK if n.startswith("codings")])
def test_a_quick_listing_loads_dataclasses_but_not_inspect(small_project, name):  # noqa: F811
    """Listed, listed as JSON, refused: dataclasses is imported, inspect (nor ast, dis,
    tokenize, linecache) is not."""
    loaded, done = imported(QUICK[name], small_project)
    assert done.returncode == (2 if name.endswith("(refused)") else 0), done.stderr[-800:]
    assert "dataclasses" in loaded and "casebook.model" in loaded  # what imports inspect
    assert sorted(loaded & set(INSPECTS)) == []


def test_only_a_listing_click_does_not_run_has_the_stand_in(small_project):  # noqa: F811
    """A `codings` command line the quick way declines goes to click with the real inspect
    (nothing of casebook.cli.lazy loaded); one it takes runs with the stand-in."""
    for args, taken in ((["codings", "--json", "--raw"], True), (["codings", "--jsn"], False),
                        (["codings", "--help"], False)):
        loaded, done = imported(args, small_project)
        assert done.returncode == (0 if taken else 2 if "--jsn" in args else 0), done.stderr
        assert ("casebook.cli.lazy" in loaded) is taken and ("click" in loaded) is not taken
        assert ("inspect" in loaded) is not taken  # click imports it (the real one)


@pytest.mark.parametrize("args", [
    ["--json", "--raw", "--code", "willen.houding"], ["--json", "--doc", "2"],
    ["--doc", "1", "--csv"], ["--raw", "--no-text"],
    ["--json"]], ids=" ".join)  # the last refused: document 4 is not reviewed
def test_the_quick_listing_without_inspect_prints_what_click_prints(
        listed_project, args):  # noqa: F811
    """`casebook codings ...` as `casebook` runs it (the stand-in in place: no inspect
    loaded) and through click (inspect loaded, as click loads it): the same bytes on stdout
    and stderr, the same exit code."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = ["-p", str(listed_project), "codings", *args]
    forced = "import sys; from casebook.cli import main; sys.argv[0] = 'casebook'; main(False)"
    quick = subprocess.run([sys.executable, "-X", "importtime", "-m", "casebook", *argv],
                           capture_output=True, text=True, timeout=120, env=env)
    through_click = subprocess.run([sys.executable, "-c", forced, *argv], capture_output=True,
                                   text=True, timeout=120, env=env)
    lines = quick.stderr.splitlines(keepends=True)
    loaded = {line.split("|")[-1].strip() for line in lines if line.startswith("import time:")}
    stderr = "".join(line for line in lines if not line.startswith("import time:"))
    assert "dataclasses" in loaded and sorted(loaded & set(INSPECTS)) == []
    assert (quick.returncode, quick.stdout, stderr) == (
        through_click.returncode, through_click.stdout, through_click.stderr)
    assert quick.stdout or (quick.returncode == 2 and "not pseudonymised" in stderr)


# -- the stand-in: what reads it gets the real inspect ---------------------------------------
PRELUDE = """
import sys
from casebook.cli.lazy import defer_inspect, stand_in  # noqa: F401

assert defer_inspect() and not defer_inspect()  # once: a second call leaves it be
stub = sys.modules["inspect"]
assert stub.__spec__ is None and "ast" not in sys.modules

def loaded():  # whether the real inspect is loaded, and in sys.modules in the stand-in's place
    real = sys.modules.get("inspect")
    return real is not None and real is not stub and "__file__" in vars(real)

def f(x, /, y: int = 1, *args, z, **kw) -> str:
    return ""

SIGNATURE = "(x, /, y: int = 1, *args, z, **kw) -> str"
"""

USES = {
    "records": """
        import dataclasses
        from casebook.model import Code, Coding
        coding = Coding(1, 2, 3, "willen", "anna", memo="m")
        again = dataclasses.replace(coding, memo=None)
        assert again.memo is None and again.start == 2 and again != coding
        assert dataclasses.asdict(coding)["memo"] == "m" and dataclasses.is_dataclass(Code)
        assert [f.name for f in dataclasses.fields(Coding)][:3] == ["document_id", "start", "end"]
        assert dataclasses.inspect is stub and not loaded()  # none of it reads inspect
        """,
    "a dataclass without a docstring": """
        import dataclasses

        @dataclasses.dataclass
        class Plain:
            x: int
            y: str = "a"

        assert Plain.__doc__ == "Plain(x: int, y: str = 'a')" and loaded()
        assert dataclasses.inspect is stub and stub.signature is sys.modules["inspect"].signature
        """,
    "from inspect import": """
        from inspect import Parameter, signature
        assert loaded() and str(signature(f)) == SIGNATURE
        assert signature(f).parameters["x"].kind is Parameter.POSITIONAL_ONLY
        """,
    "inspect.signature": """
        import inspect
        assert inspect is stub and str(inspect.signature(f)) == SIGNATURE and loaded()
        import inspect as again
        assert again is sys.modules["inspect"] is not stub
        """,
    "isinstance": """
        import inspect
        import dataclasses
        parameter = dataclasses.inspect.signature(f).parameters["y"]  # through the stand-in
        assert isinstance(parameter, inspect.Parameter) and loaded()
        assert inspect.Parameter is sys.modules["inspect"].Parameter
        assert isinstance(parameter, sys.modules["inspect"].Parameter)
        """,
    "dir and a missing name": """
        assert dir(stub) == dir(sys.modules["inspect"]) and loaded() and "signature" in dir(stub)
        assert stub.isfunction(f) and not hasattr(stub, "no_such_name")
        """,
    "taken out already": """
        del sys.modules["inspect"]  # as by another thread, before it imports the real one
        assert str(stub.signature(f)) == SIGNATURE and loaded()
        """,
    "the real one in already": """
        del sys.modules["inspect"]
        import inspect as real  # another thread took it out and imported the real one
        assert stub.signature is real.signature and sys.modules["inspect"] is real
        """,
}


def _run(body: str) -> subprocess.CompletedProcess[str]:
    code = PRELUDE + textwrap.dedent(body) + "\nprint('done')\n"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env=env)


@pytest.mark.parametrize("use", list(USES))
def test_every_use_of_inspect_gets_the_real_module_s(use):
    done = _run(USES[use])
    assert (done.returncode, done.stdout) == (0, "done\n"), done.stderr[-2000:]


def test_threads_reading_it_at_once_get_one_real_module():
    """Eight threads read an attribute of a fresh stand-in at once, 100 times over: none
    fails, all get the same one, the one in sys.modules after."""
    done = _run("""
        import threading
        sys.setswitchinterval(1e-6)
        failed, rounds = [], 100
        for n in range(rounds):
            sys.modules.pop("inspect", None)
            sys.modules["inspect"] = fresh = stand_in()
            start, got = threading.Barrier(8), []

            def read():
                start.wait()
                try:
                    got.append(fresh.signature)
                except BaseException as err:
                    failed.append(err)

            threads = [threading.Thread(target=read) for _ in range(8)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert failed == [], failed[:3]
            assert len(got) == 8 and {id(g) for g in got} == {id(sys.modules["inspect"].signature)}
            assert sys.modules["inspect"] is not fresh
        """)
    assert (done.returncode, done.stdout) == (0, "done\n"), done.stderr[-2000:]


def test_a_reader_that_finds_another_taking_it_out_waits_for_it():
    """One reader is held just before it takes the stand-in out of sys.modules (a trace
    stops it there) while a second reads: the second waits for the first (the lock), so
    neither takes out the real module the other put in, and both get the one real module."""
    done = _run("""
        import threading
        import casebook.cli.lazy as lazy

        with open(lazy.__file__, encoding="utf-8") as source:
            at = [n for n, line in enumerate(source, 1) if "del sys.modules[NAME]" in line]
        held, second_done, got, failed = threading.Event(), threading.Event(), {}, []

        def hold(frame, event, arg):
            if event == "call":
                return hold if frame.f_code.co_name == "real" else None
            if event == "line" and frame.f_lineno in at and not held.is_set():
                held.set()
                second_done.wait(0.5)  # unless it waits for this one, the second is done now
            return hold

        def read(n):
            if n == 1:
                sys.settrace(hold)
            try:
                got[n] = stub.signature
            except BaseException as err:
                failed.append(err)
            finally:
                sys.settrace(None)
                second_done.set() if n == 2 else None

        first = threading.Thread(target=read, args=(1,))
        first.start()
        assert held.wait(10) and len(at) == 1
        second = threading.Thread(target=read, args=(2,))
        second.start()
        first.join()
        second.join()
        assert failed == [], failed
        assert got[1] is got[2] is sys.modules["inspect"].signature and loaded()
        """)
    assert (done.returncode, done.stdout) == (0, "done\n"), done.stderr[-2000:]


def test_in_a_process_that_loaded_inspect_the_listing_leaves_it(
        listed_project, monkeypatch, capsys):  # noqa: F811
    """Tests run `casebook` in their own process, which has inspect: it stays as it was."""
    import inspect

    from casebook.cli import main
    from casebook.cli.lazy import defer_inspect

    assert defer_inspect() is False and sys.modules["inspect"] is inspect
    monkeypatch.setattr(sys, "argv", ["casebook", "-p", str(listed_project), "codings",
                                      "--json", "--raw", "--code", "willen.houding"])
    with pytest.raises(SystemExit) as done:
        main(fast_exit=False)
    assert done.value.code == 0 and '"code": "willen.houding"' in capsys.readouterr().out
    assert sys.modules["inspect"] is inspect
