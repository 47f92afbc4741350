# The two commands of the README:
#   make run   set up everything, seed the demo data, serve http://127.0.0.1:8000
#   make test  set up everything, run the whole test suite
# and
#   make bench the load-test data set on PostgreSQL, the app under gunicorn, locust at 20 users (README)
.PHONY: run test lint bench setup

run:
	bash scripts/dev.sh run

test:
	bash scripts/dev.sh test

bench:
	bash scripts/dev.sh bench

lint:
	bash scripts/dev.sh lint

setup:
	bash scripts/dev.sh setup

lock:
	bash scripts/dev.sh lock $(ARGS)
