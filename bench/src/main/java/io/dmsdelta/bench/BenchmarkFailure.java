package io.dmsdelta.bench;

/** A step could not be measured; the message says which and why. */
final class BenchmarkFailure extends RuntimeException {
    BenchmarkFailure(String message) {
        super(message);
    }
}
