package org.fgsbir.core.sketch;

import java.util.Arrays;

/**
 * A numpy array as read from a {@code .npy} file or a restricted pickle: its element type, its shape and
 * its values. Numeric values are held as doubles (every supported type converts exactly); object arrays
 * hold their elements (nested arrays, strings, ...). Package-private plumbing of the readers.
 */
final class NumpyArray {
  /** The most elements one array may have (2^26, 512 MiB as doubles); sketches are far smaller. */
  static final long MAX_ELEMENTS = 1L << 26;

  /** Element kind: {@code 'f'} float, {@code 'i'} signed, {@code 'u'} unsigned, {@code 'O'} object. */
  final char kind;
  /** Element size in bytes (0 for objects). */
  final int itemSize;
  final int[] shape;
  final boolean fortranOrder;
  /** The values in storage order for numeric arrays, else null. */
  final double[] numbers;
  /** The elements for object arrays, else null. */
  final Object[] objects;

  NumpyArray(char kind, int itemSize, int[] shape, boolean fortranOrder, double[] numbers, Object[] objects) {
    this.kind = kind;
    this.itemSize = itemSize;
    this.shape = shape;
    this.fortranOrder = fortranOrder;
    this.numbers = numbers;
    this.objects = objects;
  }

  /** The numpy-style type name such as {@code float64}, {@code int16} or {@code object}. */
  String typeName() {
    return switch (kind) {
      case 'f' -> "float" + itemSize * 8;
      case 'i' -> "int" + itemSize * 8;
      case 'u' -> "uint" + itemSize * 8;
      default -> "object";
    };
  }

  /** The shape as numpy prints it, e.g. {@code (12, 3)}. */
  String shapeText() {
    if (shape.length == 1) {
      return "(" + shape[0] + ",)";
    }
    return Arrays.toString(shape).replace('[', '(').replace(']', ')');
  }

  /** Whether this is a numeric array of shape (N, 3). */
  boolean isRowsOfThree() {
    return numbers != null && shape.length == 2 && shape[1] == 3;
  }

  /** The rows of a numeric (N, 3) array as floats, honouring Fortran order. */
  float[][] rowsOfThree() {
    int n = shape[0];
    float[][] rows = new float[n][3];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 3; j++) {
        rows[i][j] = (float) numbers[fortranOrder ? j * n + i : i * 3 + j];
      }
    }
    return rows;
  }

  /** The rows of a numeric (N, 3) array as doubles, honouring Fortran order. */
  double[][] rowsOfThreeExact() {
    int n = shape[0];
    double[][] rows = new double[n][3];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 3; j++) {
        rows[i][j] = numbers[fortranOrder ? j * n + i : i * 3 + j];
      }
    }
    return rows;
  }

  /**
   * Decodes raw little- or big-endian element bytes.
   *
   * @return the values, or null when the byte count does not match {@code count} elements
   */
  static double[] decode(byte[] raw, int offset, long count, char kind, int itemSize, boolean bigEndian) {
    if (count * itemSize != (long) raw.length - offset) {
      return null;
    }
    double[] values = new double[(int) count];
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(raw, offset, raw.length - offset)
        .order(bigEndian ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < values.length; i++) {
      values[i] = switch (kind) {
        case 'f' -> itemSize == 4 ? buf.getFloat() : buf.getDouble();
        case 'i' -> switch (itemSize) {
          case 1 -> buf.get();
          case 2 -> buf.getShort();
          case 4 -> buf.getInt();
          default -> (double) buf.getLong();
        };
        default -> switch (itemSize) {
          case 1 -> buf.get() & 0xff;
          case 2 -> buf.getShort() & 0xffff;
          case 4 -> buf.getInt() & 0xffffffffL;
          default -> (double) buf.getLong(); // uint64 above 2^63 is not expected in sketch data
        };
      };
    }
    return values;
  }

  /**
   * Parses a numpy type string such as {@code <f8}, {@code i2}, {@code |O} or {@code O8} into
   * {kind, size, bigEndian(0/1)}, or returns null when it is not a supported type.
   */
  static int[] parseType(String type, char defaultOrder) {
    String t = type;
    char order = defaultOrder;
    if (!t.isEmpty() && "<>|=".indexOf(t.charAt(0)) >= 0) {
      order = t.charAt(0);
      t = t.substring(1);
    }
    if (t.equals("O") || t.equals("O8") || t.equals("O4")) {
      return new int[] {'O', 0, 0};
    }
    if (t.length() != 2) {
      return null;
    }
    char kind = t.charAt(0);
    int size = t.charAt(1) - '0';
    boolean ok = switch (kind) {
      case 'f' -> size == 4 || size == 8;
      case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
      default -> false;
    };
    if (!ok) {
      return null;
    }
    return new int[] {kind, size, order == '>' ? 1 : 0};
  }
}
