# accesspack — every command does its own set-up on a fresh Debian machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SYSTEM := $(VENV)/.system-stamp

.PHONY: demo test test-fast bench docs lint typecheck pytest system venv clean

## demo: build every example case into out/
demo: venv
	rm -rf out
	$(BIN)/accesspack build examples/fda-single-patient/case.yaml --route fda/single-patient --out out/fda-single-patient
	$(BIN)/accesspack build examples/fda-single-patient/case.yaml --route fda/single-patient --option cover_letter=no --out out/fda-single-patient-no-cover-letter
	$(BIN)/accesspack build examples/fda-emergency/case.yaml --route fda/emergency --out out/fda-emergency
	$(BIN)/accesspack build examples/fda-follow-up/case.yaml --route fda/follow-up --out out/fda-follow-up
	$(BIN)/accesspack build examples/ema-fr-aac/case.yaml --route ema/fr-aac --out out/ema-fr-aac
	$(BIN)/accesspack build examples/ema-it-uso-nominale/case.yaml --route ema/it-uso-nominale --out out/ema-it-uso-nominale
	$(BIN)/accesspack build examples/ema-es-uso-compasivo/case.yaml --route ema/es-uso-compasivo --out out/ema-es-uso-compasivo
	$(BIN)/accesspack build examples/ema-de-heilversuch/case.yaml --route ema/de-heilversuch --out out/ema-de-heilversuch
	$(BIN)/accesspack build examples/ema-cup-enrolment/case.yaml --route ema/cup-enrolment --out out/ema-cup-enrolment
	$(BIN)/accesspack build examples/ema-cup-enrolment/case.yaml --route ema/cup-enrolment --option language=fr --out out/ema-cup-enrolment-fr
	$(BIN)/accesspack build examples/ema-cup-enrolment/case.yaml --route ema/cup-enrolment --option language=de --out out/ema-cup-enrolment-de
	$(BIN)/accesspack build examples/ema-cup-enrolment/case.yaml --route ema/cup-enrolment --option language=it --out out/ema-cup-enrolment-it
	$(BIN)/accesspack build examples/ema-cup-enrolment/case.yaml --route ema/cup-enrolment --option language=es --out out/ema-cup-enrolment-es
	$(BIN)/accesspack routes examples/ema-it-uso-nominale/rare-tumour-phase1.yaml
	$(BIN)/accesspack build examples/cdsco-hospital-import/case.yaml --route cdsco/hospital-import --out out/cdsco-hospital-import
	$(BIN)/accesspack build examples/cdsco-personal-import/case.yaml --route cdsco/personal-import --out out/cdsco-personal-import
	$(BIN)/accesspack routes examples/cdsco-not-approved/case.yaml
	$(BIN)/accesspack build examples/nmpa-expanded-trial/case.yaml --route nmpa/expanded-trial --out out/nmpa-expanded-trial
	$(BIN)/accesspack build examples/nmpa-hainan-boao/case.yaml --route nmpa/hainan-boao --out out/nmpa-hainan-boao
	$(BIN)/accesspack build examples/nmpa-gba/case.yaml --route nmpa/gba --out out/nmpa-gba
	$(BIN)/accesspack build examples/nmpa-temporary-import/case.yaml --route nmpa/temporary-import --out out/nmpa-temporary-import
	$(BIN)/accesspack build examples/hc-special-access/case.yaml --route hc/special-access --out out/hc-special-access
	$(BIN)/accesspack build examples/mhra-special-need/case.yaml --route mhra/special-need --out out/mhra-special-need
	$(BIN)/accesspack build examples/mhra-nhs-ifr/case.yaml --route mhra/nhs-ifr --out out/mhra-nhs-ifr
	$(BIN)/accesspack build examples/swissmedic-zh-kostengutsprache/case.yaml --route swissmedic/named-patient --option language=de --out out/swissmedic-zh-kostengutsprache
	$(BIN)/accesspack build examples/swissmedic-vd-annonce/case.yaml --route swissmedic/named-patient --option language=fr --out out/swissmedic-vd-annonce
	$(BIN)/accesspack build examples/tga-category-a/case.yaml --route tga/category-a --out out/tga-category-a
	$(BIN)/accesspack build examples/tga-category-b/case.yaml --route tga/category-b --out out/tga-category-b
	$(BIN)/accesspack routes examples/nmpa-expanded-trial/case.yaml
	$(BIN)/accesspack routes examples/nmpa-expanded-trial/sponsor-charges.yaml
	$(BIN)/accesspack import-fhir examples/fhir-mcode/bundle.json --base examples/fhir-mcode/base.yaml --route fda/single-patient --out out/fhir-mcode/case.yaml > out/fhir-mcode-report.md
	$(BIN)/accesspack build out/fhir-mcode/case.yaml --route fda/single-patient --out out/fhir-mcode/bundle
	$(BIN)/accesspack templates check > out/templates-check.txt
	$(BIN)/python -m benchmarks.cases out/batch-cases 12
	$(BIN)/accesspack batch out/batch-cases/*.yaml --route fda/single-patient --out out/batch
	@echo "demo bundles are in out/"

## test: lint, type-check and run the whole test suite
test: venv lint typecheck pytest

## test-fast: lint, type-check and every test that starts no process (no LibreOffice)
test-fast: venv lint typecheck
	ACCESSPACK_TESTS=fast $(BIN)/pytest -q -m "not slow"

## bench: measure speed and memory against qpdf and cold LibreOffice; writes benchmarks/results.md and README.md's table
bench: venv
	$(BIN)/python -m benchmarks.run

## docs: build the documentation site into site/ (warnings are errors); open site/index.html
# The two variables silence banners that mkdocs-material and mkdocs-gen-files print.
docs: venv
	NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true $(BIN)/mkdocs build --strict --clean --site-dir site

lint: venv
	$(BIN)/ruff check src tests scripts examples benchmarks

typecheck: venv
	$(BIN)/mypy

# two workers (one per core of the machine the times in README.md were measured on), each
# with its warm LibreOffice; a module runs on one worker, so module fixtures are built once.
# The longest modules are named first so that they start at once rather than last (pytest
# collects each file once; the rest follow in their usual order).
pytest: venv
	$(BIN)/pytest -n 2 --dist loadscope tests/test_batch.py tests/model/test_properties.py tests

system: $(SYSTEM)
$(SYSTEM): scripts/setup-system.sh
	bash scripts/setup-system.sh
	mkdir -p $(VENV) && touch $(SYSTEM)

venv: system $(STAMP)
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade -c requirements.lock pip
	$(BIN)/python -m pip install -q -c requirements.lock -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) out site build dist .mypy_cache .pytest_cache .ruff_cache
