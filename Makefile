# geostance: two commands do all set-up on a fresh machine.
#   make run    fetch ONNX Runtime, build, classify the example articles into out/examples
#   make test   fetch ONNX Runtime, build, run every test
.PHONY: setup build run test bench lint

setup:
	./scripts/setup.sh

build: setup
	cargo build --release --locked

run: build
	./target/release/geostance run examples/articles --out out/examples

test: setup
	cargo test --locked

bench: build
	cargo bench --locked

lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets --locked -- -D warnings
