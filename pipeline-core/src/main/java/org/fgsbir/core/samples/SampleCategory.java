package org.fgsbir.core.samples;

import java.util.Locale;

/** The object categories of the generated sample catalogue, in output order. */
public enum SampleCategory {
  /** Chairs: three-quarter view, back, seat, legs, stretchers, arms. */
  CHAIR("chair"),
  /** Shoes: side view, sole, heel, upper, collar, laces, ornaments. */
  SHOE("shoe");

  private final String word;

  SampleCategory(String word) {
    this.word = word;
  }

  /** The category word used in ids, paths and the sketches' {@code word} field, e.g. {@code shoe}. */
  public String word() {
    return word;
  }

  /**
   * The category named {@code word} (case-insensitive).
   *
   * @throws IllegalArgumentException if no category has that name; the message lists the known ones
   */
  public static SampleCategory parse(String word) {
    for (SampleCategory c : values()) {
      if (c.word.equals(word == null ? null : word.toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    throw new IllegalArgumentException("Unknown sample category '" + word + "'; known categories: chair, shoe");
  }
}
