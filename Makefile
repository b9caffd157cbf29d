# geostance: two commands do all set-up on a fresh machine.
#   make run    fetch ONNX Runtime, build, classify the example articles into out/examples
#   make test   fetch ONNX Runtime and libtorch, build, run every test, with and
#               without the `torch` feature (the rust-bert backend)
.PHONY: setup setup-torch build build-torch run test test-default test-torch bench lint

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

test: test-default test-torch

test-default: setup
	cargo test --locked

test-torch: setup setup-torch
	cargo test --locked --features torch

bench: build
	cargo bench --locked

lint: setup-torch
	cargo fmt --all -- --check
	cargo clippy --all-targets --locked -- -D warnings
	cargo clippy --all-targets --locked --features torch -- -D warnings
