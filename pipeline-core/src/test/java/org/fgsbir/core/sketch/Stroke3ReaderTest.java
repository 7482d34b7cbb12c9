package org.fgsbir.core.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.fgsbir.core.sketch.CoordinatePickleReaderTest.Pickle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stroke-3 reader against numpy-made archives (src/test/resources/stroke3, made by make_fixtures.py
 * beside them, with the absolute coordinates numpy computed) and archives written byte by byte here.
 */
class Stroke3ReaderTest {

  @Test
  void sketchRnnArchiveMadeByNumpyMatchesNumpysCumulativeSums() throws IOException {
    assertMatchesExpected("sketchrnn_cat", 6);
  }

  @Test
  void numericMembersInBothByteOrdersAndFortranOrderMatchNumpy() throws IOException {
    assertMatchesExpected("single_rows", 2);
  }

  private static void assertMatchesExpected(String name, int count) throws IOException {
    Path dir = Path.of(System.getProperty("fgsbir.project.root", "."))
        .resolve("pipeline-core/src/test/resources/stroke3");
    Path npz = dir.resolve(name + ".npz");

    List<Sketch> sketches = Stroke3Reader.readAll(npz, "cat");
    List<Sketch> expected = SketchXReader.readAll(dir.resolve(name + ".expected.ndjson"), "cat");

    assertThat(sketches).hasSize(count).isEqualTo(expected);
    assertThat(SketchReaders.readFile(npz, null, "cat")).isEqualTo(expected);
    assertThat(SketchReaders.readFile(Files.readAllBytes(npz), name + ".npz", SketchFormat.STROKE3_NPZ, "cat"))
        .isEqualTo(expected);
  }

  @Test
  void offsetsAccumulateFromTheOriginAndPenOneEndsTheStroke() {
    Sketch sketch = Stroke3Reader.fromStroke3("s", "cat", null,
        new double[][] {{1, 2, 0}, {3, 4, 1}, {-1, 0, 0}, {0, -1, 1}, {5, 5, 0}});

    assertThat(sketch.strokes()).containsExactly(
        Stroke.of(new float[] {1, 4}, new float[] {2, 6}),
        Stroke.of(new float[] {3, 3}, new float[] {6, 5}),
        Stroke.of(new float[] {8}, new float[] {10}));
    assertThat(sketch.photoId()).isEmpty();
  }

  @Test
  void headerVersions1To3AndIntegerTypesAreRead() {
    for (int version = 1; version <= 3; version++) {
      for (String descr : List.of("<i2", "<i4", "<f4", "<f8", ">i2", "|i1")) {
        byte[] npz = zip(Map.of("m.npy", npy(version, descr, false, "(2, 3)",
            encode(descr, new double[] {1, 2, 0, 3, -4, 1}))));

        List<Sketch> sketches = Stroke3Reader.read(npz, "dir/x.npz", "cat");

        assertThat(sketches).as("v%d %s", version, descr).containsExactly(new Sketch("x/m/0", "cat", null, "m",
            List.of(Stroke.of(new float[] {1, 4}, new float[] {2, -2}))));
      }
    }
  }

  @Test
  void malformedArchivesAreRefusedWithTheMemberAndTheProblem() {
    byte[] rows = encode("<f8", new double[] {1, 2, 1});
    assertRefused(new byte[] {1, 2, 3}, "is not an .npz archive with arrays");
    assertRefused(zip(Map.of("m.npy", "hello".getBytes(StandardCharsets.US_ASCII))),
        "x.npz!m.npy: is not a .npy array (no \\x93NUMPY magic)");
    byte[] v4 = npy(1, "<f8", false, "(1, 3)", rows);
    v4[6] = 4;
    assertRefused(zip(Map.of("m.npy", v4)), ".npy format version 4.0 is not supported");
    assertRefused(zip(Map.of("m.npy", java.util.Arrays.copyOf(npy(1, "<f8", false, "(1, 3)", rows), 30))),
        "(the file is truncated)");
    assertRefused(zip(Map.of("m.npy", npy(1, "<c16", false, "(1, 3)", rows))),
        ".npy element type '<c16' is not supported");
    assertRefused(zip(Map.of("m.npy", npyRaw(1, "{'descr': [('x', '<f8')], 'fortran_order': False, "
        + "'shape': (1,), }", rows))), "'descr' is not a simple type string");
    assertRefused(zip(Map.of("m.npy", npyRaw(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 3), "
        + "'evil': __import__('os'), }", rows))), ".npy header has an unexpected value");
    assertRefused(zip(Map.of("m.npy", npy(1, "<f8", false, "(2, 3)", rows))),
        "needs 48 data bytes but the file has 24");
    assertRefused(zip(Map.of("m.npy", npy(1, "<f8", false, "(100000000, 3)", rows))),
        ".npy array of shape (100000000, 3) has more than 67108864 elements");
    assertRefused(zip(Map.of("m.npy", npy(1, "<f8", false, "(3, 1)", rows))),
        "member is a float64 array of shape (3, 1), neither one (N, 3)");
    assertRefused(zip(Map.of("m.npy", npy(1, "<f8", false, "(1, 3)", encode("<f8", new double[] {1, 2, 2})))),
        "x.npz!m.npy: sketch x/m/0: rows[0] has pen value 2.0, not 0 or 1");
    assertRefused(zip(Map.of("m.npy", npy(1, "<f8", false, "(1, 3)", encode("<f8",
        new double[] {Double.NaN, 2, 1})))), "non-finite coordinate");
  }

  @Test
  void objectMembersArePickledAndGoThroughTheRestrictedReader() {
    byte[] listOfArrays = new Pickle().proto(2).objectArray(2, p -> p.array(1, new double[] {1, 2, 1})
        .array(2, new double[] {0, 0, 0, 1, 1, 1})).op('.').bytes();
    byte[] plainList = new Pickle().proto(2).op(']').op('(').array(1, new double[] {1, 2, 1}).op('e').op('.')
        .bytes();
    byte[] hostile = new Pickle().proto(2).global("os", "system").str("id").op(0x85).op('R').op('.').bytes();
    byte[] strings = new Pickle().proto(2).objectArray(1, p -> p.str("a")).op('.').bytes();

    List<Sketch> sketches = Stroke3Reader.read(zip(Map.of("train.npy", npy(1, "|O", false, "(2,)",
        listOfArrays))), "x.npz", "cat");

    assertThat(sketches).extracting(Sketch::id).containsExactly("x/train/0", "x/train/1");
    assertThat(sketches.get(1).strokes()).containsExactly(Stroke.of(new float[] {0, 1}, new float[] {0, 1}));
    assertRefused(zip(Map.of("train.npy", npy(1, "|O", false, "(1,)", hostile))),
        "x.npz!train.npy: pickle opcode GLOBAL at byte offset 130: refers to global os.system");
    assertRefused(zip(Map.of("train.npy", npy(1, "|O", false, "(1,)", plainList))),
        "object array of shape (1,) does not hold a pickled object array of that shape");
    assertRefused(zip(Map.of("train.npy", npy(1, "|O", false, "(3,)", listOfArrays))),
        "object array of shape (3,) does not hold a pickled object array of that shape");
    assertRefused(zip(Map.of("train.npy", npy(1, "|O", false, "(1,)", strings))),
        "sketch x/train/0: element 0 is a String, not a numeric (N, 3) array");
  }

  @Test
  void aZipBombMemberIsCutOffAtTheLimit() {
    byte[] bomb = zip(Map.of("m.npy", new byte[1 << 20])); // 1 MiB of zeros deflates to about 1 KiB

    SketchFormatException e = catchThrowableOfType(SketchFormatException.class,
        () -> NpyFiles.readNpz(bomb, "x.npz", 1 << 16));

    assertThat(bomb.length).isLessThan(4096);
    assertThat(e).hasMessageStartingWith("x.npz!m.npy: member inflates to more than 65536 bytes");
    assertThat(NpyFiles.MAX_MEMBER_BYTES).isEqualTo(1L << 30);
  }

  private static void assertRefused(byte[] npz, String part) {
    SketchFormatException e = catchThrowableOfType(SketchFormatException.class,
        () -> Stroke3Reader.read(npz, "x.npz", "cat"));
    assertThat(e).as("refused: %s", part).isNotNull();
    assertThat(e.getMessage()).startsWith("x.npz").contains(part);
  }

  static byte[] npy(int version, String descr, boolean fortran, String shape, byte[] data) {
    return npyRaw(version, "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
        + ", 'shape': " + shape + ", }", data);
  }

  /** A .npy file as numpy writes it: magic, version, header length, header padded to 64 bytes. */
  static byte[] npyRaw(int version, String dict, byte[] data) {
    int prefix = version == 1 ? 10 : 12;
    StringBuilder header = new StringBuilder(dict);
    while ((prefix + header.length() + 1) % 64 != 0) {
      header.append(' ');
    }
    header.append('\n');
    byte[] h = header.toString().getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer out = ByteBuffer.allocate(prefix + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
    if (version == 1) {
      out.putShort((short) h.length);
    } else {
      out.putInt(h.length);
    }
    return out.put(h).put(data).array();
  }

  static byte[] encode(String descr, double[] values) {
    int size = descr.charAt(2) - '0';
    ByteBuffer out = ByteBuffer.allocate(values.length * size)
        .order(descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      switch (descr.substring(1)) {
        case "i1" -> out.put((byte) v);
        case "i2" -> out.putShort((short) v);
        case "i4" -> out.putInt((int) v);
        case "f4" -> out.putFloat((float) v);
        default -> out.putDouble(v);
      }
    }
    return out.array();
  }

  static byte[] zip(Map<String, byte[]> members) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> m : new LinkedHashMap<>(members).entrySet()) {
        zip.putNextEntry(new ZipEntry(m.getKey()));
        zip.write(m.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

}
