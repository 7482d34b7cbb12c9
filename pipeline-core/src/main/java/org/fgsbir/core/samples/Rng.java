package org.fgsbir.core.samples;

import java.nio.charset.StandardCharsets;

/**
 * A small deterministic random source (SplitMix64) whose streams are derived from labels, so every
 * random decision of the generator depends only on (seed, category, index, purpose) and never on how many
 * instances are generated or in which order. All floating point goes through {@link StrictMath}, so the
 * numbers are the same on every JVM.
 */
final class Rng {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final long base;
  private long state;

  private Rng(long base) {
    this.base = base;
    this.state = base;
  }

  /** The stream for a key made of a seed and labels, e.g. {@code (seed, "shoe", "instance", "7")}. */
  static Rng forKey(long seed, String... labels) {
    long h = mix(seed ^ GOLDEN);
    for (String label : labels) {
      h = mix(h ^ hash(label));
    }
    return new Rng(h);
  }

  /**
   * An independent child stream named {@code label}; it depends only on this stream's key and the
   * label, not on how many numbers were drawn from this stream.
   */
  Rng fork(String label) {
    return new Rng(mix(base ^ hash(label) ^ 0x5851F42D4C957F2DL));
  }

  /** A child stream named by a label and a number. */
  Rng fork(String label, int number) {
    return fork(label + "#" + number);
  }

  long nextLong() {
    state += GOLDEN;
    return mix(state);
  }

  /** Uniform in [0, 1). */
  double uniform() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [lo, hi). */
  double range(double lo, double hi) {
    return lo + (hi - lo) * uniform();
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  int between(int lo, int hi) {
    if (hi < lo) {
      throw new IllegalArgumentException("empty range " + lo + ".." + hi);
    }
    return lo + (int) StrictMath.floor(uniform() * (hi - lo + 1));
  }

  boolean chance(double p) {
    return uniform() < p;
  }

  /** Standard normal (Box-Muller). */
  double gaussian() {
    double u1 = 1.0 - uniform();
    double u2 = uniform();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
  }

  /** Normal with the given standard deviation, clamped to +-3 sigma. */
  double normal(double sigma) {
    double g = gaussian();
    return sigma * Math.max(-3.0, Math.min(3.0, g));
  }

  /** Picks index i with probability proportional to {@code weights[i]}. */
  int pickWeighted(double... weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double u = uniform() * total;
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    return h;
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
