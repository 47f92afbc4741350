# The two commands of the README:
#   make run   set up everything, seed the demo data, serve http://127.0.0.1:8000
#              (make run HOST=0.0.0.0 PORT=8080: reachable from a phone on the same network)
#   make test  set up everything, run the whole test suite
# and
#   make bench the load-test data set on PostgreSQL, the app under gunicorn, locust at 20 users (README)
#   make typecheck  mypy over the apps (strict on services and selectors; pyproject.toml [tool.mypy])
#   make test-at WHEN="2028-02-29 12:00:00"  the suite with the clock moved (TZ=… to read it elsewhere)
#   make lock  re-lock requirements/ after a change to pyproject.toml's dependencies
#              (make lock ARGS=--upgrade, or ARGS="--upgrade-package django": newer releases)
.PHONY: run test test-at lint typecheck bench setup lock

run:
	bash scripts/dev.sh run

test:
	bash scripts/dev.sh test

test-at:
	bash scripts/dev.sh test-at "$(WHEN)" $(ARGS)

bench:
	bash scripts/dev.sh bench

lint:
	bash scripts/dev.sh lint

typecheck:
	bash scripts/dev.sh typecheck

setup:
	bash scripts/dev.sh setup

lock:
	bash scripts/dev.sh lock $(ARGS)
