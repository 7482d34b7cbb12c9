package org.fgsbir.core.sketch;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A restricted pickle reader (protocol 2 to 5 headers; numpy's protocol-5 encoding through
 * {@code _frombuffer} and BYTEARRAY8 is not supported) that rebuilds plain data and numpy arrays and nothing
 * else. It never executes anything: the only globals it accepts are numpy's array reconstruction
 * ({@code numpy.core.multiarray._reconstruct}, {@code numpy._core.multiarray._reconstruct}),
 * {@code numpy.ndarray} and {@code numpy.dtype}; REDUCE runs only those (as Java code that builds a
 * {@link NumpyArray}), and BUILD only sets the state of an array or a dtype. Any other global
 * ({@code os.system}, {@code builtins.eval}, ...), any object-building opcode (INST, OBJ, NEWOBJ, ...)
 * and any unknown opcode is refused with its name and byte offset. Every declared length is checked
 * against the bytes left before anything is allocated.
 *
 * <p>Results: dict -> {@link LinkedHashMap}, list -> {@link ArrayList}, tuple -> {@link Tuple}, str ->
 * {@link String}, bytes (and Python 2 str) -> {@code byte[]}, int -> {@link Long}, float -> {@link Double},
 * bool -> {@link Boolean}, None -> null, numpy array -> {@link NumpyArray}.
 */
final class NumpyPickle {
  /** A Python tuple. */
  record Tuple(List<Object> items) {}

  /** A whitelisted global, by its qualified name. */
  private record Global(String name) {}

  private static final Set<String> RECONSTRUCT =
      Set.of("numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct");
  private static final String NDARRAY = "numpy.ndarray";
  private static final String DTYPE = "numpy.dtype";
  private static final int MAX_DEPTH = 10_000;
  /** The deepest nesting of containers in the result (numpy data nests 3 levels; cycles would not end). */
  private static final int MAX_NESTING = 64;
  private static final String FIX = "only pickles of dicts, lists and numpy arrays (as numpy.save or "
      + "pickle.dump write them) can be read; re-export the data with numpy (e.g. np.savez) if it came from "
      + "elsewhere";
  private static final Object MARK = new Object() {
    @Override
    public String toString() {
      return "MARK";
    }
  };

  /** A dtype being rebuilt: {@code dtype('f8', False, True)} then BUILD with the byte order. */
  private static final class DType {
    final char kind;
    final int itemSize;
    boolean bigEndian;

    DType(char kind, int itemSize, boolean bigEndian) {
      this.kind = kind;
      this.itemSize = itemSize;
      this.bigEndian = bigEndian;
    }
  }

  /** An array made by {@code _reconstruct} and waiting for its BUILD state. */
  private static final class PendingArray {
    NumpyArray built;
  }

  private final byte[] data;
  private final String source;
  private int pos;
  private int opStart;
  private String opName = "";
  private final List<Object> stack = new ArrayList<>();
  private final List<Integer> marks = new ArrayList<>();
  private final Map<Long, Object> memo = new HashMap<>();

  private NumpyPickle(byte[] data, String source) {
    this.data = data;
    this.source = source;
  }

  /**
   * Reads one pickled value from {@code data[from, to)}.
   *
   * @param source the file (and member) name, for messages
   * @throws SketchFormatException if the pickle is malformed, truncated or uses anything not allowed
   */
  static Object read(byte[] data, int from, String source) {
    NumpyPickle p = new NumpyPickle(data, source);
    p.pos = from;
    return p.run();
  }

  private SketchFormatException fail(String reason) {
    return new SketchFormatException(source, 0, null, "pickle " + reason, FIX);
  }

  private SketchFormatException failAtOp(String reason) {
    return fail("opcode " + opName + " at byte offset " + opStart + ": " + reason);
  }

  private Object run() {
    while (true) {
      if (pos >= data.length) {
        throw fail("ends at byte offset " + pos + " without a STOP opcode (the data is truncated)");
      }
      opStart = pos;
      int op = data[pos++] & 0xff;
      opName = opName(op);
      switch (op) {
        case 0x80 -> { // PROTO
          int proto = u8();
          if (proto < 2 || proto > 5) {
            throw failAtOp("protocol " + proto + " is not supported (only 2 to 5)");
          }
        }
        case 0x95 -> { // FRAME: just a size hint
          long size = u64();
          if (size < 0 || size > data.length - pos) {
            throw failAtOp("declares a frame of " + Long.toUnsignedString(size) + " bytes but only "
                + (data.length - pos) + " are left");
          }
        }
        case '.' -> { // STOP
          if (stack.size() != 1 || !marks.isEmpty()) {
            throw failAtOp("the stack holds " + stack.size() + " values (expected 1)");
          }
          return finish(stack.get(0));
        }
        case 'c' -> { // GLOBAL "module\nname\n"
          String module = line();
          String name = line();
          push(global(module, name));
        }
        case 0x93 -> { // STACK_GLOBAL
          Object name = pop();
          Object module = pop();
          if (!(module instanceof String m) || !(name instanceof String n)) {
            throw failAtOp("module and name must be strings");
          }
          push(global(m, n));
        }
        case 'X' -> push(utf8(length(u32())));
        case 0x8c -> push(utf8(length(u8())));
        case 0x8d -> push(utf8(length(u64())));
        case 'B' -> push(bytes(length(u32())));
        case 'C' -> push(bytes(length(u8())));
        case 0x8e -> push(bytes(length(u64())));
        case 'T' -> push(bytes(length(u32()))); // BINSTRING (Python 2 str): raw bytes
        case 'U' -> push(bytes(length(u8()))); // SHORT_BINSTRING
        case 'q' -> memo.put((long) u8(), peek());
        case 'r' -> memo.put(u32(), peek());
        case 0x94 -> memo.put((long) memo.size(), peek());
        case 'h' -> push(memoGet(u8()));
        case 'j' -> push(memoGet(u32()));
        case '(' -> {
          if (marks.size() >= MAX_DEPTH) {
            throw failAtOp("nesting deeper than " + MAX_DEPTH);
          }
          marks.add(stack.size());
        }
        case '0' -> pop(); // POP
        case '1' -> popMark(); // POP_MARK
        case '2' -> push(peek()); // DUP
        case '}' -> push(new LinkedHashMap<Object, Object>());
        case ']' -> push(new ArrayList<Object>());
        case ')' -> push(new Tuple(List.of()));
        case 0x85 -> push(tuple(1));
        case 0x86 -> push(tuple(2));
        case 0x87 -> push(tuple(3));
        case 't' -> push(new Tuple(unmodifiable(popMark())));
        case 's' -> {
          Object value = pop();
          Object key = pop();
          dict().put(hashable(key), value);
        }
        case 'u' -> {
          List<Object> items = popMark();
          if (items.size() % 2 != 0) {
            throw failAtOp("odd number of items (" + items.size() + ")");
          }
          Map<Object, Object> dict = dict();
          for (int i = 0; i < items.size(); i += 2) {
            dict.put(hashable(items.get(i)), items.get(i + 1));
          }
        }
        case 'a' -> {
          Object value = pop();
          list().add(value);
        }
        case 'e' -> {
          List<Object> items = popMark();
          list().addAll(items);
        }
        case 'J' -> push((long) s32());
        case 'K' -> push((long) u8());
        case 'M' -> push((long) (u8() | (u8() << 8)));
        case 0x8a -> push(long1());
        case 0x88 -> push(Boolean.TRUE);
        case 0x89 -> push(Boolean.FALSE);
        case 'N' -> push(null);
        case 'G' -> push(Double.longBitsToDouble(bigEndianLong()));
        case 'R' -> reduce();
        case 'b' -> build();
        default -> throw failAtOp(refusal(op));
      }
    }
  }

  private static String refusal(int op) {
    return switch (op) {
      case 'i', 0x81, 0x92, 'o' -> "builds arbitrary objects, which is not allowed";
      case 'P', 'Q' -> "refers to persistent objects, which is not allowed";
      case 0x82, 0x83, 0x84 -> "refers to the copyreg extension registry, which is not allowed";
      default -> "is not supported by the restricted reader";
    };
  }

  private Object global(String module, String name) {
    String qualified = module + "." + name;
    if (RECONSTRUCT.contains(qualified) || qualified.equals(NDARRAY) || qualified.equals(DTYPE)) {
      return new Global(qualified);
    }
    throw failAtOp("refers to global " + qualified + ", which is not allowed (only "
        + "numpy.core.multiarray._reconstruct, numpy._core.multiarray._reconstruct, numpy.ndarray and "
        + "numpy.dtype are); nothing was executed");
  }

  private void reduce() {
    Object args = pop();
    Object callable = pop();
    if (!(callable instanceof Global g)) {
      throw failAtOp("calls " + describe(callable) + ", which is not allowed");
    }
    if (!(args instanceof Tuple t)) {
      throw failAtOp("arguments of " + g.name + " are " + describe(args) + ", not a tuple");
    }
    if (RECONSTRUCT.contains(g.name)) {
      // _reconstruct(ndarray, (0,), b'b'): an empty array whose state BUILD sets.
      if (t.items.size() != 3 || !(t.items.get(0) instanceof Global cls) || !cls.name.equals(NDARRAY)) {
        throw failAtOp(g.name + " is only allowed as _reconstruct(numpy.ndarray, shape, typecode)");
      }
      push(new PendingArray());
    } else if (g.name.equals(DTYPE)) {
      Object spec = t.items.isEmpty() ? null : t.items.get(0);
      String type = spec instanceof String s ? s : spec instanceof byte[] b
          ? new String(b, StandardCharsets.ISO_8859_1) : null;
      int[] parsed = type == null ? null : NumpyArray.parseType(type, '<');
      if (parsed == null) {
        throw failAtOp("numpy.dtype(" + (type == null ? describe(spec) : "'" + type + "'")
            + ") is not a supported element type (float32/64, int8-64, uint8-64, object)");
      }
      push(new DType((char) parsed[0], parsed[1], parsed[2] == 1));
    } else {
      throw failAtOp("calls " + g.name + ", which is only allowed as an argument of _reconstruct");
    }
  }

  private void build() {
    Object state = pop();
    Object target = peek();
    if (target instanceof DType d) {
      // (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata])
      if (!(state instanceof Tuple t) || t.items.size() < 2) {
        throw failAtOp("dtype state is " + describe(state) + ", not a tuple");
      }
      Object order = t.items.get(1);
      String o = order instanceof String s ? s : order instanceof byte[] b
          ? new String(b, StandardCharsets.ISO_8859_1) : "";
      if (t.items.size() > 2 && t.items.get(2) != null || t.items.size() > 3 && t.items.get(3) != null) {
        throw failAtOp("structured or sub-array dtypes are not supported");
      }
      if (o.equals(">")) {
        d.bigEndian = true;
      } else if (o.equals("<") || o.equals("|") || o.equals("=")) {
        d.bigEndian = false;
      } else {
        throw failAtOp("dtype byte order '" + o + "' is not one of < > | =");
      }
    } else if (target instanceof PendingArray a) {
      a.built = array(state);
    } else {
      throw failAtOp("sets the state of " + describe(target) + "; only numpy arrays and dtypes may be built");
    }
  }

  /** State {@code (1, shape, dtype, is_fortran, data)} of {@code ndarray.__setstate__}. */
  private NumpyArray array(Object state) {
    if (!(state instanceof Tuple t) || t.items.size() != 5 || !(t.items.get(1) instanceof Tuple shapeTuple)
        || !(t.items.get(2) instanceof DType dtype) || !(t.items.get(3) instanceof Boolean fortran)) {
      throw failAtOp("array state is " + describe(state) + ", not (version, shape, dtype, fortran, data)");
    }
    int[] shape = new int[shapeTuple.items.size()];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      if (!(shapeTuple.items.get(i) instanceof Long n) || n < 0 || n > Integer.MAX_VALUE) {
        throw failAtOp("array shape " + shapeTuple.items + " is not a tuple of sizes");
      }
      shape[i] = (int) (long) n;
      count = Math.min(count * n, Long.MAX_VALUE / 16);
    }
    if (count > NumpyArray.MAX_ELEMENTS) {
      throw failAtOp("array of shape " + shapeTuple.items + " has more than " + NumpyArray.MAX_ELEMENTS
          + " elements");
    }
    Object payload = t.items.get(4);
    if (dtype.kind == 'O') {
      if (!(payload instanceof List<?> list) || list.size() != count) {
        throw failAtOp("object array of " + count + " elements holds " + describe(payload));
      }
      return new NumpyArray('O', 0, shape, fortran, null, list.toArray());
    }
    if (!(payload instanceof byte[] raw)) {
      throw failAtOp("numeric array data is " + describe(payload) + ", not bytes");
    }
    double[] values = NumpyArray.decode(raw, 0, count, dtype.kind, dtype.itemSize, dtype.bigEndian);
    if (values == null) {
      throw failAtOp("array of shape " + shapeTuple.items + " needs " + count + " x " + dtype.itemSize
          + " bytes but its data has " + raw.length);
    }
    return new NumpyArray(dtype.kind, dtype.itemSize, shape, fortran, values, null);
  }

  /** Replaces pending arrays by the built arrays, checking that each got its state. */
  private Object finish(Object value) {
    return finish(value, 0);
  }

  private Object finish(Object value, int depth) {
    if (depth > MAX_NESTING) {
      throw fail("result nests containers deeper than " + MAX_NESTING + " levels (or refers to itself)");
    }
    if (value instanceof PendingArray a) {
      if (a.built == null) {
        throw fail("holds a numpy array that never received its data (no BUILD)");
      }
      NumpyArray built = a.built;
      if (built.objects != null) {
        for (int i = 0; i < built.objects.length; i++) {
          built.objects[i] = finish(built.objects[i], depth + 1);
        }
      }
      return built;
    }
    if (value instanceof Map<?, ?> map) {
      @SuppressWarnings("unchecked")
      Map<Object, Object> m = (Map<Object, Object>) map;
      m.replaceAll((k, v) -> finish(v, depth + 1));
      return m;
    }
    if (value instanceof List<?> list) {
      @SuppressWarnings("unchecked")
      List<Object> l = (List<Object>) list;
      l.replaceAll(v -> finish(v, depth + 1));
      return l;
    }
    if (value instanceof Tuple t) {
      List<Object> items = new ArrayList<>(t.items.size());
      for (Object item : t.items) {
        items.add(finish(item, depth + 1));
      }
      return new Tuple(unmodifiable(items));
    }
    if (value instanceof Global || value instanceof DType) {
      throw fail("result holds " + describe(value) + ", which is not data");
    }
    return value;
  }

  private Object hashable(Object key) {
    if (key == null || key instanceof String || key instanceof Long || key instanceof Boolean
        || key instanceof Double) {
      return key;
    }
    throw failAtOp("dictionary key " + describe(key) + " is not a string or number");
  }

  @SuppressWarnings("unchecked")
  private Map<Object, Object> dict() {
    if (!(peek() instanceof Map<?, ?> map)) {
      throw failAtOp("target is " + describe(peek()) + ", not a dict");
    }
    return (Map<Object, Object>) map;
  }

  @SuppressWarnings("unchecked")
  private List<Object> list() {
    if (!(peek() instanceof List<?> list)) {
      throw failAtOp("target is " + describe(peek()) + ", not a list");
    }
    return (List<Object>) list;
  }

  private Tuple tuple(int n) {
    Object[] items = new Object[n];
    for (int i = n - 1; i >= 0; i--) {
      items[i] = pop();
    }
    return new Tuple(unmodifiable(java.util.Arrays.asList(items)));
  }

  private static List<Object> unmodifiable(List<Object> items) {
    return java.util.Collections.unmodifiableList(new ArrayList<>(items));
  }

  private static String describe(Object value) {
    if (value == null) {
      return "None";
    }
    if (value instanceof Global g) {
      return "global " + g.name;
    }
    if (value instanceof DType) {
      return "a numpy dtype";
    }
    if (value instanceof PendingArray || value instanceof NumpyArray) {
      return "a numpy array";
    }
    if (value instanceof Tuple t) {
      return "a tuple of " + t.items.size();
    }
    if (value instanceof byte[] b) {
      return "bytes of length " + b.length;
    }
    if (value instanceof Map<?, ?>) {
      return "a dict";
    }
    if (value instanceof List<?>) {
      return "a list";
    }
    return value.getClass().getSimpleName() + " " + value;
  }

  private void push(Object value) {
    if (stack.size() >= 1 << 24) {
      throw failAtOp("stack grows beyond " + (1 << 24) + " values");
    }
    stack.add(value);
  }

  private Object pop() {
    int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
    if (stack.size() <= floor) {
      throw failAtOp("pops from an empty stack");
    }
    return stack.remove(stack.size() - 1);
  }

  private Object peek() {
    int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
    if (stack.size() <= floor) {
      throw failAtOp("reads from an empty stack");
    }
    return stack.get(stack.size() - 1);
  }

  private List<Object> popMark() {
    if (marks.isEmpty()) {
      throw failAtOp("has no matching MARK");
    }
    int at = marks.remove(marks.size() - 1);
    List<Object> items = new ArrayList<>(stack.subList(at, stack.size()));
    stack.subList(at, stack.size()).clear();
    return items;
  }

  private Object memoGet(long index) {
    if (!memo.containsKey(index)) {
      throw failAtOp("memo entry " + index + " was never stored");
    }
    return memo.get(index);
  }

  private void need(long n) {
    if (n < 0 || n > data.length - pos) {
      throw failAtOp("needs " + (n < 0 ? Long.toUnsignedString(n) : String.valueOf(n)) + " bytes but only "
          + (data.length - pos) + " are left (the data is truncated or the length is corrupt)");
    }
  }

  private int length(long declared) {
    need(declared);
    return (int) declared;
  }

  private int u8() {
    need(1);
    return data[pos++] & 0xff;
  }

  private long u32() {
    need(4);
    long v = (data[pos] & 0xffL) | (data[pos + 1] & 0xffL) << 8 | (data[pos + 2] & 0xffL) << 16
        | (data[pos + 3] & 0xffL) << 24;
    pos += 4;
    return v;
  }

  private int s32() {
    return (int) u32();
  }

  private long u64() {
    need(8);
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = v << 8 | (data[pos + i] & 0xffL);
    }
    pos += 8;
    return v;
  }

  private long bigEndianLong() {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = v << 8 | (data[pos + i] & 0xffL);
    }
    pos += 8;
    return v;
  }

  private Object long1() {
    int n = u8();
    need(n);
    if (n > 8) {
      throw failAtOp("integer of " + n + " bytes is too large");
    }
    long v = 0;
    for (int i = n - 1; i >= 0; i--) {
      v = v << 8 | (data[pos + i] & 0xffL);
    }
    if (n > 0 && n < 8 && (data[pos + n - 1] & 0x80) != 0) {
      v -= 1L << (8 * n); // two's complement sign
    }
    pos += n;
    return v;
  }

  private String line() {
    int start = pos;
    while (pos < data.length && data[pos] != '\n') {
      if (pos - start > 256) {
        throw failAtOp("module or name longer than 256 bytes");
      }
      pos++;
    }
    if (pos >= data.length) {
      throw failAtOp("the data ends inside a module or name");
    }
    String s = new String(data, start, pos - start, StandardCharsets.US_ASCII);
    pos++;
    return s;
  }

  private String utf8(int n) {
    try {
      String s = StandardCharsets.UTF_8.newDecoder()
          .decode(java.nio.ByteBuffer.wrap(data, pos, n)).toString();
      pos += n;
      return s;
    } catch (CharacterCodingException e) {
      throw failAtOp("string is not valid UTF-8");
    }
  }

  private byte[] bytes(int n) {
    byte[] b = java.util.Arrays.copyOfRange(data, pos, pos + n);
    pos += n;
    return b;
  }

  private static String opName(int op) {
    return switch (op) {
      case 0x80 -> "PROTO";
      case 0x95 -> "FRAME";
      case '.' -> "STOP";
      case 'c' -> "GLOBAL";
      case 0x93 -> "STACK_GLOBAL";
      case 'X' -> "BINUNICODE";
      case 0x8c -> "SHORT_BINUNICODE";
      case 0x8d -> "BINUNICODE8";
      case 'B' -> "BINBYTES";
      case 'C' -> "SHORT_BINBYTES";
      case 0x8e -> "BINBYTES8";
      case 'T' -> "BINSTRING";
      case 'U' -> "SHORT_BINSTRING";
      case 'q' -> "BINPUT";
      case 'r' -> "LONG_BINPUT";
      case 0x94 -> "MEMOIZE";
      case 'h' -> "BINGET";
      case 'j' -> "LONG_BINGET";
      case '(' -> "MARK";
      case '0' -> "POP";
      case '1' -> "POP_MARK";
      case '2' -> "DUP";
      case '}' -> "EMPTY_DICT";
      case ']' -> "EMPTY_LIST";
      case ')' -> "EMPTY_TUPLE";
      case 0x85 -> "TUPLE1";
      case 0x86 -> "TUPLE2";
      case 0x87 -> "TUPLE3";
      case 't' -> "TUPLE";
      case 's' -> "SETITEM";
      case 'u' -> "SETITEMS";
      case 'a' -> "APPEND";
      case 'e' -> "APPENDS";
      case 'J' -> "BININT";
      case 'K' -> "BININT1";
      case 'M' -> "BININT2";
      case 0x8a -> "LONG1";
      case 0x88 -> "NEWTRUE";
      case 0x89 -> "NEWFALSE";
      case 'N' -> "NONE";
      case 'G' -> "BINFLOAT";
      case 'R' -> "REDUCE";
      case 'b' -> "BUILD";
      case 'i' -> "INST";
      case 'o' -> "OBJ";
      case 0x81 -> "NEWOBJ";
      case 0x92 -> "NEWOBJ_EX";
      case 'P' -> "PERSID";
      case 'Q' -> "BINPERSID";
      case 0x82 -> "EXT1";
      case 0x83 -> "EXT2";
      case 0x84 -> "EXT4";
      default -> String.format("0x%02x ('%s')", op, op >= 0x20 && op < 0x7f ? String.valueOf((char) op) : "?");
    };
  }
}
