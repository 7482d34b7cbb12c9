package org.fgsbir.jobs.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Resolved, validated settings: every key of {@link Settings} with its final value and the place that
 * value came from. Built by {@link ConfigLoader}; immutable.
 */
public final class Config {

  /** A resolved value: the raw text after {@code ${...}} references, its origin and the parsed value. */
  record Value(String raw, String origin, Object parsed) {}

  private final Map<String, Value> values;
  private final Map<String, Layer.Entry> sparkProperties;

  Config(Map<String, Value> values, Map<String, Layer.Entry> sparkProperties) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.sparkProperties = Collections.unmodifiableMap(new LinkedHashMap<>(sparkProperties));
  }

  /**
   * The {@code spark.*} properties the conf files (and {@code --set}) gave, highest precedence winning;
   * the command line's {@code --conf} goes on top of these when the session starts.
   */
  public Map<String, String> sparkProperties() {
    Map<String, String> map = new LinkedHashMap<>();
    sparkProperties.forEach((key, entry) -> map.put(key, entry.value()));
    return map;
  }

  /** Where a {@code spark.*} property of {@link #sparkProperties()} came from. */
  public String sparkOrigin(String key) {
    Layer.Entry entry = sparkProperties.get(key);
    return entry == null ? "not set" : entry.origin();
  }

  /** The parsed value, or {@code null} when the setting is empty. */
  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> setting) {
    return (T) value(setting).parsed();
  }

  /**
   * The parsed value of a setting the caller cannot do without.
   *
   * @param how how the user sets it, e.g. {@code "pass --photos FILE"}
   * @throws ConfigException when the setting is empty
   */
  public <T> T require(Setting<T> setting, String purpose, String how) {
    T value = get(setting);
    if (value == null) {
      throw new ConfigException(purpose + " needs " + setting.name() + " (" + setting.help().replaceAll("\\.$", "")
          + "); " + how + " or set " + setting.name() + " in a conf file.");
    }
    return value;
  }

  /** The final raw text (references resolved), empty when not set. */
  public String raw(Setting<?> setting) {
    return value(setting).raw();
  }

  /** Where the final value came from: "default", a conf file with its line, or a command-line option. */
  public String origin(Setting<?> setting) {
    return value(setting).origin();
  }

  /** Key to final raw value, in registry order, for printing. */
  public Map<String, String> rawValues() {
    Map<String, String> map = new LinkedHashMap<>();
    values.forEach((name, value) -> map.put(name, value.raw()));
    return map;
  }

  private Value value(Setting<?> setting) {
    Value value = values.get(setting.name());
    if (value == null) {
      throw new IllegalArgumentException("setting " + setting.name() + " is not in the registry");
    }
    return value;
  }
}
