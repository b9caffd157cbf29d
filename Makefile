# geostance: two commands do all set-up on a fresh machine.
#   make run    fetch ONNX Runtime, build, classify the example articles into out/examples
#   make test   fetch ONNX Runtime, libtorch and PySpark, build, run every test, with and
#               without the `torch` feature (the rust-bert backend), and the Spark job
.PHONY: setup setup-torch setup-spark build build-torch run test test-default test-torch test-spark bench lint

setup:
	./scripts/setup.sh

# libtorch 2.4.0, CPU only, from the PyPI torch wheel into .cache/libtorch
# (.cargo/config.toml points LIBTORCH there).
setup-torch:
	./scripts/setup-torch.sh

build: setup
	cargo build --release --locked

build-torch: setup setup-torch
	cargo build --release --locked --features torch

run: build
	./target/release/geostance run examples/articles --out out/examples

test: test-default test-torch test-spark

test-default: setup
	cargo test --locked

test-torch: setup setup-torch
	cargo test --locked --features torch

# PySpark 4.3.0 from PyPI into .cache/spark-venv (Java 17+ from the machine).
setup-spark:
	./scripts/setup-spark.sh

# The Spark job on local[2] against one run (scale/spark/test.sh).
test-spark: build setup-spark
	./scale/spark/test.sh

bench: build
	cargo bench --locked

lint: setup-torch
	cargo fmt --all -- --check
	cargo clippy --all-targets --locked -- -D warnings
	cargo clippy --all-targets --locked --features torch -- -D warnings
