package org.fgsbir.core.samples;

/**
 * Draws one design parameter as "family value plus instance variation": the family stream fixes the
 * base value shared by near-identical instances, the instance stream moves it a little (or, for a
 * discrete choice, sometimes swaps it). The family stream is always advanced the same way, so every
 * instance of a family sees the same base values.
 */
final class Variation {
  private final Rng family;
  private final Rng instance;

  Variation(Rng family, Rng instance) {
    this.family = family;
    this.instance = instance;
  }

  /** A value in [lo, hi]: family base plus normal noise of {@code spread * (hi - lo)}. */
  double real(double lo, double hi, double spread) {
    double base = family.range(lo, hi);
    double v = base + instance.normal(spread * (hi - lo));
    return Math.max(lo, Math.min(hi, v));
  }

  /** An integer in [lo, hi]: family base, moved by one step with probability {@code pChange}. */
  int integer(int lo, int hi, double pChange) {
    int base = family.between(lo, hi);
    boolean change = instance.chance(pChange);
    boolean up = instance.chance(0.5);
    if (change) {
      base = up ? base + 1 : base - 1;
      if (base > hi) {
        base = hi - 1;
      }
      if (base < lo) {
        base = lo + 1;
      }
    }
    return Math.max(lo, Math.min(hi, base));
  }

  /** One of the options: the family's choice, replaced by a random one with probability {@code pChange}. */
  @SafeVarargs
  final <T> T choice(double pChange, T... options) {
    T base = options[family.between(0, options.length - 1)];
    T other = options[instance.between(0, options.length - 1)];
    return instance.chance(pChange) ? other : base;
  }

  /** A colour from the palette (family choice, sometimes swapped) with a small instance shade shift. */
  java.awt.Color colour(double pSwap, double shade, java.awt.Color... palette) {
    java.awt.Color c = choice(pSwap, palette);
    double f = instance.range(-shade, shade);
    return f >= 0 ? PhotoRenderer.lighter(c, f) : PhotoRenderer.darker(c, -f);
  }

  /** A family flag, flipped with probability {@code pFlip}. */
  boolean flag(double pTrue, double pFlip) {
    boolean base = family.chance(pTrue);
    return instance.chance(pFlip) != base;
  }

  /** The family's value, with no instance variation (e.g. the shoe type). */
  int familyIndex(double... weights) {
    return family.pickWeighted(weights);
  }

  Rng family() {
    return family;
  }

  Rng instance() {
    return instance;
  }
}
