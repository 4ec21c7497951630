# The two commands of the README: the first run on a fresh Debian 12 machine, and the tests.
.PHONY: demo demo-stop test

demo:
	./scripts/demo.sh

demo-stop:
	./scripts/demo.sh stop

test:
	./scripts/install-dependencies.sh
	./scripts/test.sh
