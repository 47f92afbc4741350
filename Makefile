# The two commands of the README:
#   make run   set up everything, seed the demo data, serve http://127.0.0.1:8000
#   make test  set up everything, run the whole test suite
.PHONY: run test lint bench setup

run:
	bash scripts/dev.sh run

test:
	bash scripts/dev.sh test

lint:
	bash scripts/dev.sh lint

setup:
	bash scripts/dev.sh setup
