package org.fgsbir.jobs.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One configuration key, declared once: its name, default, parser (which also validates) and one line
 * of help. Values arrive as strings from conf files or the command line; an empty string means "not
 * set" and parses to {@code null}. A default may refer to other settings or to {@code fgsbir.home} as
 * {@code ${name}}; see {@link Config}.
 *
 * @param <T> the parsed type
 */
public final class Setting<T> {
  private final String name;
  private final String defaultValue;
  private final String allowed;
  private final String help;
  private final Function<String, T> parser;

  private Setting(String name, String defaultValue, String allowed, String help, Function<String, T> parser) {
    if (!name.matches("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+")) {
      throw new IllegalArgumentException("setting name '" + name + "' must be kebab-case with dotted groups");
    }
    this.name = name;
    this.defaultValue = Objects.requireNonNull(defaultValue, "default");
    this.allowed = allowed;
    this.help = help;
    this.parser = parser;
  }

  /** An integer in {@code [min, max]}; {@code defaultValue} null means no default. */
  public static Setting<Integer> integer(String name, Integer defaultValue, int min, int max, String help) {
    String allowed = "an integer from " + min + " to " + max;
    return new Setting<>(name, defaultValue == null ? "" : defaultValue.toString(), allowed, help, raw -> {
      int value;
      try {
        value = Integer.parseInt(raw);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException();
      }
      if (value < min || value > max) {
        throw new IllegalArgumentException();
      }
      return value;
    });
  }

  /** Free text matching {@code pattern}, described to users as {@code allowed}. */
  public static Setting<String> text(String name, String defaultValue, String pattern, String allowed, String help) {
    Pattern compiled = Pattern.compile(pattern);
    return new Setting<>(name, defaultValue, allowed, help, raw -> {
      if (!compiled.matcher(raw).matches()) {
        throw new IllegalArgumentException();
      }
      return raw;
    });
  }

  /**
   * A path or URI (a local path, {@code file:}, {@code hdfs://}, {@code s3a://} ...). A local path
   * without a scheme is made absolute against the current folder, so the driver and the messages agree
   * on where it is.
   */
  public static Setting<String> location(String name, String defaultValue, String help) {
    return new Setting<>(name, defaultValue, "a local path or a URI such as s3a://bucket/key", help, raw -> {
      if (raw.isBlank() || raw.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException();
      }
      if (hasScheme(raw)) {
        return raw;
      }
      try {
        return Path.of(raw).toAbsolutePath().normalize().toString();
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException("not a valid path");
      }
    });
  }

  /** Whether {@code location} starts with a URI scheme such as {@code s3a:} or {@code file:}. */
  public static boolean hasScheme(String location) {
    return location.matches("[A-Za-z][A-Za-z0-9+.-]+:.*");
  }

  /** One of {@code choices} (case-sensitive). */
  public static Setting<String> choice(String name, String defaultValue, List<String> choices, String help) {
    List<String> copy = List.copyOf(choices);
    return new Setting<>(name, defaultValue, "one of " + String.join(", ", copy), help, raw -> {
      if (!copy.contains(raw)) {
        throw new IllegalArgumentException();
      }
      return raw;
    });
  }

  /**
   * A comma-separated, non-empty list without duplicates; {@code element} checks each item (and may
   * normalise it), throwing {@link IllegalArgumentException} for a bad one.
   */
  public static Setting<List<String>> list(
      String name, String defaultValue, String allowed, Function<String, String> element, String help) {
    return new Setting<>(name, defaultValue, "a comma-separated list of " + allowed, help, raw -> {
      List<String> items = new ArrayList<>();
      for (String part : raw.split(",", -1)) {
        String item = part.trim();
        if (item.isEmpty()) {
          throw new IllegalArgumentException("empty item");
        }
        String checked;
        try {
          checked = element.apply(item);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("item '" + item + "' is not allowed");
        }
        if (items.contains(checked)) {
          throw new IllegalArgumentException("duplicate item '" + item + "'");
        }
        items.add(checked);
      }
      return Collections.unmodifiableList(items);
    });
  }

  /** The key, e.g. {@code score.top-k}. */
  public String name() {
    return name;
  }

  /** The raw default, possibly with {@code ${...}} references; empty when there is none. */
  public String defaultValue() {
    return defaultValue;
  }

  /** What values are allowed, as a phrase ("an integer from 1 to 1000"). */
  public String allowed() {
    return allowed;
  }

  /** One line of help. */
  public String help() {
    return help;
  }

  /**
   * Parses a raw value; empty means "not set" and gives {@code null}.
   *
   * @param raw the value, already trimmed and with references resolved
   * @param origin where the value came from, for the message
   * @throws ConfigException naming the key, the value, its origin and what is allowed
   */
  public T parse(String raw, String origin) {
    if (raw.isEmpty()) {
      return null;
    }
    try {
      return parser.apply(raw);
    } catch (IllegalArgumentException e) {
      String detail = e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
      throw new ConfigException("Bad value for " + name + ": '" + raw + "'" + detail + " (from " + origin
          + "); allowed: " + allowed + ".");
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
