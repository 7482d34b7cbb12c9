package org.fgsbir.jobs.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One source of setting values (a conf file, the command line), with where each value came from.
 *
 * @param description what the layer is, e.g. {@code conf/score-sketches.properties}
 * @param entries key to value and origin, in source order
 */
public record Layer(String description, Map<String, Entry> entries) {

  /**
   * One value and its origin.
   *
   * @param value the raw value as written
   * @param origin where it was written, e.g. {@code /x/conf/demo.properties:12} or {@code --top-k}
   */
  public record Entry(String value, String origin) {}

  /** Copies the entries, keeping their order. */
  public Layer {
    entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  /** An empty layer. */
  public static Layer empty(String description) {
    return new Layer(description, Map.of());
  }
}
