package org.fgsbir.core.sketch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Strict helpers for reading one ndjson record with Jackson's tree API. */
final class JsonRecords {
  /** Thread-safe once configured: duplicate keys and trailing content are errors. */
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private static final int SHOWN_CHARS = 40;

  private JsonRecords() {}

  /**
   * Parses one line as a JSON object.
   *
   * @param shape one-line description of the expected record, used in the fix text
   */
  static ObjectNode parseObject(String json, RecordContext at, String shape) {
    if (json == null || json.isBlank()) {
      throw at.fail("the line is blank", "put one JSON object " + shape + " on each line");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
      throw at.fail("invalid JSON" + where + ": " + firstLine(e.getOriginalMessage()),
          "each line must be exactly one complete JSON object " + shape, e);
    }
    if (root == null || !root.isObject()) {
      throw at.fail("the line is " + describe(root) + ", not a JSON object",
          "each line must be exactly one JSON object " + shape);
    }
    return (ObjectNode) root;
  }

  /**
   * Reads a required id field: a non-blank string or an integer (written in decimal).
   */
  static String requiredId(ObjectNode record, String field, RecordContext at, String fix) {
    JsonNode node = record.get(field);
    if (node == null || node.isNull()) {
      throw at.fail("missing field \"" + field + "\"", fix);
    }
    String id;
    if (node.isTextual()) {
      id = node.textValue();
    } else if (node.isIntegralNumber()) {
      id = node.bigIntegerValue().toString();
    } else {
      throw at.fail("\"" + field + "\" is " + describe(node) + ", not a string or an integer", fix);
    }
    if (id.isBlank()) {
      throw at.fail("\"" + field + "\" is blank", fix);
    }
    return id;
  }

  /** Reads a required non-blank string field. */
  static String requiredText(ObjectNode record, String field, RecordContext at, String fix) {
    JsonNode node = record.get(field);
    if (node == null || node.isNull()) {
      throw at.fail("missing field \"" + field + "\"", fix);
    }
    return nonBlankText(node, field, at, fix);
  }

  /** Reads an optional string field: absent or JSON null gives null; present means non-blank. */
  static String optionalText(ObjectNode record, String field, RecordContext at, String fix) {
    JsonNode node = record.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    return nonBlankText(node, field, at, fix);
  }

  private static String nonBlankText(JsonNode node, String field, RecordContext at, String fix) {
    if (!node.isTextual()) {
      throw at.fail("\"" + field + "\" is " + describe(node) + ", not a string", fix);
    }
    if (node.textValue().isBlank()) {
      throw at.fail("\"" + field + "\" is blank", fix);
    }
    return node.textValue();
  }

  /** The value of a number node; the caller checks finiteness after any narrowing. */
  static double number(JsonNode node, String path, RecordContext at, String fix) {
    if (node == null || !node.isNumber()) {
      throw at.fail(path + " is " + describe(node) + ", not a number", fix);
    }
    return node.doubleValue();
  }

  /** A short description of a node for messages, e.g. {@code a string "abc"} or {@code an array}. */
  static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    switch (node.getNodeType()) {
      case ARRAY:
        return node.isEmpty() ? "an empty array"
            : "an array of " + node.size() + (node.size() == 1 ? " element" : " elements");
      case OBJECT:
        return "an object";
      case NULL:
        return "null";
      case STRING:
        return "a string " + shorten(node.toString());
      case BOOLEAN:
        return "a boolean " + node.booleanValue();
      case NUMBER:
        return "the number " + shorten(node.toString());
      default:
        return shorten(node.toString());
    }
  }

  private static String shorten(String text) {
    return text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS) + "...";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable input";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
