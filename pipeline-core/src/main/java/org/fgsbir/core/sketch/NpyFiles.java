package org.fgsbir.core.sketch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads numpy {@code .npy} arrays (format versions 1, 2 and 3) and {@code .npz} archives of them. The
 * header is parsed here, not evaluated: only a dict with {@code descr} (a numeric type or {@code |O}),
 * {@code fortran_order} and {@code shape} is accepted. Object arrays are pickled inside the file and go
 * through {@link NumpyPickle}, the restricted reader. Package-private plumbing of {@link Stroke3Reader}.
 */
final class NpyFiles {
  static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  /** The most bytes one archive member may inflate to (a guard against zip bombs). */
  static final long MAX_MEMBER_BYTES = 1L << 30;
  private static final String FIX = "save the arrays with numpy (np.save / np.savez) as numeric (N, 3) "
      + "arrays or object arrays of them";

  private NpyFiles() {}

  /** Whether the bytes start with the {@code .npy} magic. */
  static boolean isNpy(byte[] bytes) {
    if (bytes.length < NPY_MAGIC.length) {
      return false;
    }
    for (int i = 0; i < NPY_MAGIC.length; i++) {
      if (bytes[i] != NPY_MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads the members of an {@code .npz} archive in archive order; member names lose their {@code .npy}
   * suffix.
   *
   * @throws SketchFormatException if the archive or a member is malformed
   */
  static Map<String, NumpyArray> readNpz(byte[] zip, String source) {
    return readNpz(zip, source, MAX_MEMBER_BYTES);
  }

  /** As {@link #readNpz(byte[], String)} with a given limit on each member's inflated size. */
  static Map<String, NumpyArray> readNpz(byte[] zip, String source, long maxMemberBytes) {
    Map<String, NumpyArray> arrays = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        if (entry.isDirectory()) {
          continue;
        }
        String name = entry.getName();
        String key = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
        byte[] member = readBounded(in, source + "!" + name, maxMemberBytes);
        if (arrays.put(key, readNpy(member, source + "!" + name)) != null) {
          throw new SketchFormatException(source, 0, null, "archive holds member '" + name + "' twice",
              "write each array once");
        }
      }
    } catch (IOException e) {
      throw new SketchFormatException(source, 0, null, "is not a readable .npz (zip) archive: " + e.getMessage(),
          FIX, e);
    }
    if (arrays.isEmpty()) {
      throw new SketchFormatException(source, 0, null, "is not an .npz archive with arrays (no members found)",
          FIX);
    }
    return arrays;
  }

  private static byte[] readBounded(InputStream in, String source, long max) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[1 << 16];
    long total = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      total += n;
      if (total > max) {
        throw new SketchFormatException(source, 0, null, "member inflates to more than " + max
            + " bytes", "split the data into smaller archives");
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  /**
   * Reads one {@code .npy} array.
   *
   * @throws SketchFormatException if the header or the data is malformed or of an unsupported type
   */
  static NumpyArray readNpy(byte[] bytes, String source) {
    if (!isNpy(bytes)) {
      throw new SketchFormatException(source, 0, null, "is not a .npy array (no \\x93NUMPY magic)", FIX);
    }
    if (bytes.length < 10) {
      throw new SketchFormatException(source, 0, null, ".npy header is truncated", FIX);
    }
    int major = bytes[6] & 0xff;
    long headerLength;
    int headerStart;
    if (major == 1) {
      headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
      headerStart = 10;
    } else if (major == 2 || major == 3) {
      if (bytes.length < 12) {
        throw new SketchFormatException(source, 0, null, ".npy header is truncated", FIX);
      }
      headerLength = (bytes[8] & 0xffL) | (bytes[9] & 0xffL) << 8 | (bytes[10] & 0xffL) << 16
          | (bytes[11] & 0xffL) << 24;
      headerStart = 12;
    } else {
      throw new SketchFormatException(source, 0, null, ".npy format version " + major + "." + (bytes[7] & 0xff)
          + " is not supported (only 1, 2 and 3)", FIX);
    }
    if (headerLength > bytes.length - headerStart) {
      throw new SketchFormatException(source, 0, null, ".npy header declares " + headerLength
          + " bytes but only " + (bytes.length - headerStart) + " follow (the file is truncated)", FIX);
    }
    String header = new String(bytes, headerStart, (int) headerLength,
        major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Map<String, Object> fields = parseHeader(header, source);
    int dataStart = headerStart + (int) headerLength;
    String descr = (String) fields.get("descr");
    boolean fortran = (Boolean) fields.get("fortran_order");
    int[] shape = (int[]) fields.get("shape");
    long count = 1;
    for (int n : shape) {
      count = Math.min(count * n, Long.MAX_VALUE / 16);
    }
    if (count > NumpyArray.MAX_ELEMENTS) {
      throw new SketchFormatException(source, 0, null, ".npy array of shape " + shapeText(shape) + " has more than "
          + NumpyArray.MAX_ELEMENTS + " elements", "split the sketches into smaller arrays");
    }
    int[] type = NumpyArray.parseType(descr, '|');
    if (type == null) {
      throw new SketchFormatException(source, 0, null, ".npy element type '" + descr + "' is not supported "
          + "(only <f4, <f8, <i1..<i8, <u1..<u8 (either byte order) and |O)", FIX);
    }
    if (type[0] == 'O') {
      // numpy pickles the whole object array (ndarray of dtype object) after the header.
      Object value = NumpyPickle.read(bytes, dataStart, source);
      if (!(value instanceof NumpyArray array) || array.objects == null
          || !java.util.Arrays.equals(array.shape, shape)) {
        throw new SketchFormatException(source, 0, null, "object array of shape " + shapeText(shape)
            + " does not hold a pickled object array of that shape", FIX);
      }
      return new NumpyArray('O', 0, shape, fortran, null, array.objects);
    }
    double[] values = NumpyArray.decode(bytes, dataStart, count, (char) type[0], type[1], type[2] == 1);
    if (values == null) {
      throw new SketchFormatException(source, 0, null, ".npy array of type " + descr + " and shape "
          + shapeText(shape) + " needs " + count * type[1] + " data bytes but the file has "
          + (bytes.length - dataStart), "the file is truncated or corrupt; save it again with numpy");
    }
    return new NumpyArray((char) type[0], type[1], shape, fortran, values, null);
  }

  private static String shapeText(int[] shape) {
    return new NumpyArray('O', 0, shape, false, null, new Object[0]).shapeText();
  }

  /** Parses {@code {'descr': '<f8', 'fortran_order': False, 'shape': (3, 3), }} without evaluating it. */
  private static Map<String, Object> parseHeader(String header, String source) {
    HeaderParser p = new HeaderParser(header.strip(), source);
    Map<String, Object> fields = p.dict();
    for (String key : List.of("descr", "fortran_order", "shape")) {
      if (!fields.containsKey(key)) {
        throw p.fail("has no '" + key + "'");
      }
    }
    if (fields.size() != 3) {
      throw p.fail("has keys " + fields.keySet() + " (expected exactly descr, fortran_order, shape)");
    }
    if (!(fields.get("descr") instanceof String)) {
      throw p.fail("'descr' is not a simple type string (structured arrays are not supported)");
    }
    if (!(fields.get("fortran_order") instanceof Boolean)) {
      throw p.fail("'fortran_order' is not True or False");
    }
    if (!(fields.get("shape") instanceof List<?> dims)) {
      throw p.fail("'shape' is not a tuple");
    }
    int[] shape = new int[dims.size()];
    for (int i = 0; i < shape.length; i++) {
      if (!(dims.get(i) instanceof Long n) || n < 0 || n > Integer.MAX_VALUE) {
        throw p.fail("'shape' " + dims + " is not a tuple of sizes");
      }
      shape[i] = (int) (long) n;
    }
    fields.put("shape", shape);
    return fields;
  }

  /** A tiny parser for the Python literal subset numpy writes in headers. */
  private static final class HeaderParser {
    private final String text;
    private final String source;
    private int pos;

    HeaderParser(String text, String source) {
      this.text = text;
      this.source = source;
    }

    SketchFormatException fail(String reason) {
      return new SketchFormatException(source, 0, null, ".npy header " + reason + ": " + abbreviate(text), FIX);
    }

    private static String abbreviate(String s) {
      return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }

    Map<String, Object> dict() {
      Map<String, Object> map = new LinkedHashMap<>();
      expect('{');
      while (true) {
        skipBlanks();
        if (peek() == '}') {
          pos++;
          break;
        }
        Object key = value();
        if (!(key instanceof String k)) {
          throw fail("has a non-string key");
        }
        expect(':');
        map.put(k, value());
        skipBlanks();
        if (peek() == ',') {
          pos++;
        } else if (peek() != '}') {
          throw fail("is not a dict literal");
        }
      }
      skipBlanks();
      if (pos != text.length()) {
        throw fail("has text after the dict");
      }
      return map;
    }

    private Object value() {
      skipBlanks();
      char c = peek();
      if (c == '\'' || c == '"') {
        int end = text.indexOf(c, pos + 1);
        if (end < 0) {
          throw fail("has an unterminated string");
        }
        String s = text.substring(pos + 1, end);
        pos = end + 1;
        return s;
      }
      if (c == '(' || c == '[') {
        char close = c == '(' ? ')' : ']';
        pos++;
        List<Object> items = new ArrayList<>();
        while (true) {
          skipBlanks();
          if (peek() == close) {
            pos++;
            return items;
          }
          items.add(value());
          skipBlanks();
          if (peek() == ',') {
            pos++;
          } else if (peek() != close) {
            throw fail("has a malformed tuple");
          }
        }
      }
      if (text.startsWith("True", pos)) {
        pos += 4;
        return Boolean.TRUE;
      }
      if (text.startsWith("False", pos)) {
        pos += 5;
        return Boolean.FALSE;
      }
      int start = pos;
      while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        pos++;
      }
      if (pos > start && pos - start <= 12) {
        return Long.parseLong(text.substring(start, pos));
      }
      throw fail("has an unexpected value at character " + start);
    }

    private void expect(char c) {
      skipBlanks();
      if (peek() != c) {
        throw fail("expected '" + c + "' at character " + pos);
      }
      pos++;
    }

    private char peek() {
      if (pos >= text.length()) {
        throw fail("ends early");
      }
      return text.charAt(pos);
    }

    private void skipBlanks() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }
  }
}
