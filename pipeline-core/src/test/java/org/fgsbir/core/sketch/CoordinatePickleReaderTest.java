package org.fgsbir.core.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinate pickle reader against the real on-the-fly file and hand-made pickles, hostile ones
 * included (built byte by byte here: nothing in them is ever run, by Python or by us).
 */
class CoordinatePickleReaderTest {
  private static final String PICKLE = "qmul-chairv2-sketches/ChairV2_Coordinate";
  private static final String NDJSON = "qmul-chairv2-sketches/chairv2_sketches.ndjson";

  @Test
  void everyRealChairV2SketchEqualsItsNdjsonRecordWithin3Decimals() {
    List<Sketch> fromPickle = CoordinatePickleReader.readAll(ExternalData.file(PICKLE), "chair");
    List<Sketch> fromJson = SketchXReader.readAll(ExternalData.file(NDJSON), "chair");

    assertThat(fromPickle).hasSize(1_275).hasSameSizeAs(fromJson);
    for (int i = 0; i < fromJson.size(); i++) {
      Sketch p = fromPickle.get(i);
      Sketch j = fromJson.get(i);
      // The ndjson keeps the pickle's key as sketch_id; the pickle reader ids by the name alone.
      assertThat("/" + p.split().orElseThrow() + "/" + p.id()).as("sketch %d", i).isEqualTo(j.id());
      assertThat(p.split()).as(p.id()).isEqualTo(j.split());
      assertThat(p.photoId()).as(p.id()).isEqualTo(j.photoId());
      assertThat(p.category()).isEqualTo("chair");
      assertThat(p.strokeCount()).as(p.id()).isEqualTo(j.strokeCount());
      for (int s = 0; s < p.strokeCount(); s++) {
        Stroke ps = p.strokes().get(s);
        Stroke js = j.strokes().get(s);
        assertThat(ps.size()).as("%s stroke %d", p.id(), s).isEqualTo(js.size());
        for (int k = 0; k < ps.size(); k++) {
          assertThat(Math.abs(ps.x(k) - js.x(k)) <= 1e-3 && Math.abs(ps.y(k) - js.y(k)) <= 1e-3)
              .as("%s stroke %d point %d: (%s, %s) vs (%s, %s)", p.id(), s, k, ps.x(k), ps.y(k), js.x(k),
                  js.y(k))
              .isTrue();
        }
      }
    }
    assertThat(fromPickle.get(0).id()).isEqualTo("9910-02-carbon_1");
    assertThat(fromPickle.get(0).photoId()).contains("9910-02-carbon");
    assertThat(fromPickle.get(0).split()).contains("test");
  }

  @Test
  void aHandMadeProtocol4PickleReadsKeysSplitsAndPhotoIds() {
    byte[] pickle = new Pickle().proto(4)
        .op('}').op('(')
        .str("/train/a-b_3").array(2, new double[] {1, 2, 0, 3, 4, 1})
        .str("lonely").array(2, new double[] {5, 6, 0, 7, 8, 0})
        .op('u').op('.').bytes();

    List<Sketch> sketches = CoordinatePickleReader.read(pickle, "mem", "chair");

    assertThat(sketches).extracting(Sketch::id).containsExactly("a-b_3", "lonely");
    assertThat(sketches.get(0).split()).contains("train");
    assertThat(sketches.get(0).photoId()).contains("a-b");
    assertThat(sketches.get(0).strokes()).containsExactly(Stroke.of(new float[] {1, 3}, new float[] {2, 4}));
    assertThat(sketches.get(1).split()).isEmpty();
    assertThat(sketches.get(1).photoId()).isEmpty();
    assertThat(sketches.get(1).strokeCount()).isEqualTo(1);
  }

  @Test
  void python2StylePicklesWithByteStringsAndBigEndianInt16Read() {
    // As Python 2 numpy pickled arrays (sketch-rnn's era): type codes, byte order and data as str.
    byte[] data = {0, 1, 0, 2, 0, 1, 0, 3, (byte) 0xff, (byte) 0xfe, 0, 1}; // >i2: 1 2 1 / 3 -2 1
    byte[] pickle = new Pickle().proto(2).op('}').str("/train/p_1")
        .global("numpy.core.multiarray", "_reconstruct").global("numpy", "ndarray").op('K', 0).op(0x85)
        .op('U', 1).raw('b').op(0x87).op('R')
        .op('(').op('K', 1).op('K', 2).op('K', 3).op(0x86)
        .global("numpy", "dtype").op('U', 2).rawText("i2").op('K', 0).op('K', 1).op(0x87).op('R')
        .op('(').op('K', 3).op('U', 1).raw('>').op('N').op('N').op('N').op('J').u32(-1).op('J').u32(-1)
        .op('K', 0).op('t').op('b')
        .op(0x89).op('T').u32(data.length).rawBytes(data).op('t').op('b')
        .op('s').op('.').bytes();

    List<Sketch> sketches = CoordinatePickleReader.read(pickle, "py2.pkl", "chair");

    assertThat(sketches).singleElement().satisfies(s -> assertThat(s.strokes()).containsExactly(
        Stroke.of(new float[] {1}, new float[] {2}), Stroke.of(new float[] {3}, new float[] {-2})));
  }

  @Test
  void osSystemIsRefusedAtItsGlobalWithoutRunningIt(@TempDir Path dir) throws Exception {
    Path marker = dir.resolve("pwned");
    // pickle.dumps of a class whose __reduce__ is (os.system, ('touch <marker>',)), protocol 2
    byte[] pickle = new Pickle().proto(2).global("posix", "system").str("touch " + marker).op(0x85)
        .op('R').op('.').bytes();
    byte[] osSystem = new Pickle().proto(2).global("os", "system").str("touch " + marker).op(0x85)
        .op('R').op('.').bytes();

    assertRefused(pickle, "opcode GLOBAL at byte offset 2", "global posix.system, which is not allowed");
    assertRefused(osSystem, "opcode GLOBAL at byte offset 2", "global os.system, which is not allowed");
    assertThat(marker).doesNotExist();
  }

  @Test
  void builtinsEvalViaStackGlobalIsRefused() {
    byte[] pickle = new Pickle().proto(4).str("builtins").str("eval").op(0x93).str("1+1").op(0x85)
        .op('R').op('.').bytes();

    assertRefused(pickle, "opcode STACK_GLOBAL at byte offset", "global builtins.eval, which is not allowed");
  }

  @Test
  void subprocessPopenIsRefused() {
    byte[] pickle = new Pickle().proto(3).global("subprocess", "Popen").str("ls").op(0x85).op('R').op('.')
        .bytes();

    assertRefused(pickle, "opcode GLOBAL", "global subprocess.Popen, which is not allowed");
  }

  @Test
  void reduceOnAWhitelistedButNonCallableUseIsRefused() {
    byte[] ndarrayCall = new Pickle().proto(2).global("numpy", "ndarray").op(')').op('R').op('.').bytes();
    byte[] reduceOnString = new Pickle().proto(2).str("os.system").op(')').op('R').op('.').bytes();
    byte[] reconstructOfOther = new Pickle().proto(2).global("numpy.core.multiarray", "_reconstruct")
        .global("numpy", "dtype").op('K', 0).op(0x85).op('C', 1).raw('b').op(0x87).op('R').op('.').bytes();

    assertRefused(ndarrayCall, "opcode REDUCE", "calls numpy.ndarray, which is only allowed as an argument");
    assertRefused(reduceOnString, "opcode REDUCE", "calls String os.system, which is not allowed");
    assertRefused(reconstructOfOther, "opcode REDUCE", "only allowed as _reconstruct(numpy.ndarray");
  }

  @Test
  void objectBuildingOpcodesAndBuildOnOtherTargetsAreRefused() {
    byte[] inst = new Pickle().proto(2).op('(').raw('i').rawText("os\nsystem\n").op('.').bytes();
    byte[] newobj = new Pickle().proto(2).global("numpy", "dtype").op(')').op(0x81).op('.').bytes();
    byte[] buildOnDict = new Pickle().proto(2).op('}').op('}').op('b').op('.').bytes();

    assertRefused(inst, "opcode INST at byte offset 3", "builds arbitrary objects");
    assertRefused(newobj, "opcode NEWOBJ", "builds arbitrary objects");
    assertRefused(buildOnDict, "opcode BUILD", "only numpy arrays and dtypes may be built");
    byte[] selfReference = new Pickle().proto(2).op(']').op('q', 0).op('h', 0).op('a').op('.').bytes();
    assertRefused(selfReference, "result nests containers deeper than 64 levels", "refers to itself");
  }

  @Test
  void truncatedAndHugeLengthPicklesAreRefusedBeforeAllocating() {
    byte[] real = new Pickle().proto(3).op('}').str("/test/x_1").array(1, new double[] {1, 2, 1}).op('s')
        .op('.').bytes();
    byte[] truncated = java.util.Arrays.copyOf(real, real.length - 20);
    byte[] noStop = java.util.Arrays.copyOf(real, real.length - 1);
    byte[] hugeBytes = new Pickle().proto(4).op(0x8e).u64(Long.MAX_VALUE).op('.').bytes();
    byte[] hugeString = new Pickle().proto(3).op('X').u32(0xfffffff0L).op('.').bytes();
    byte[] hugeFrame = new Pickle().proto(4).op(0x95).u64(1L << 40).op('.').bytes();

    assertThat(CoordinatePickleReader.read(real, "mem", "chair")).hasSize(1);
    assertRefused(truncated, "pickle opcode", "are left");
    assertRefused(noStop, "without a STOP opcode", "truncated");
    assertRefused(hugeBytes, "opcode BINBYTES8", "needs 9223372036854775807 bytes but only 1 are left");
    assertRefused(hugeString, "opcode BINUNICODE", "needs 4294967280 bytes but only 1 are left");
    assertRefused(hugeFrame, "opcode FRAME", "declares a frame of 1099511627776 bytes");
  }

  @Test
  void wrongShapesAndNonDictPicklesAreRefusedNamingTheSketch() {
    byte[] list = new Pickle().proto(2).op(']').op('.').bytes();
    byte[] twoColumns = new Pickle().proto(2).op('}').str("/test/x_1").array(2, 2, new double[] {1, 2, 3, 4})
        .op('s').op('.').bytes();
    byte[] badPen = new Pickle().proto(2).op('}').str("/test/x_1").array(1, new double[] {1, 2, 5}).op('s')
        .op('.').bytes();
    byte[] shortData = new Pickle().proto(2).op('}').str("/test/x_1").array(2, new double[] {1, 2, 1})
        .op('s').op('.').bytes();

    assertRefused(list, "the pickle holds ArrayList, not a dict of sketches", "coordinate pickle");
    assertRefused(twoColumns, "sketch /test/x_1: value is a float64 array of shape (2, 2)", "[x, y, pen]");
    assertRefused(badPen, "sketch /test/x_1: rows[0] has pen value 5.0", "pen 1 on the last");
    assertRefused(shortData, "needs 6 x 8 bytes but its data has 24", "");
  }

  @Test
  void theFileReaderNamesTheFileAndNeedsACategory(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("evil.pkl");
    Files.write(file, new Pickle().proto(2).global("os", "system").op('.').bytes());

    SketchFormatException e = catchThrowableOfType(SketchFormatException.class,
        () -> CoordinatePickleReader.readAll(file, "chair"));
    SketchFormatException noCategory = catchThrowableOfType(SketchFormatException.class,
        () -> CoordinatePickleReader.readAll(file, " "));

    assertThat(e.source()).isEqualTo(file.toString());
    assertThat(e).hasMessageStartingWith(file + ": pickle opcode GLOBAL");
    assertThat(noCategory).hasMessageContaining("no category given");
  }

  private static void assertRefused(byte[] pickle, String reasonPart, String messagePart) {
    SketchFormatException e = catchThrowableOfType(SketchFormatException.class,
        () -> CoordinatePickleReader.read(pickle, "hostile.pkl", "chair"));
    assertThat(e).as("refused").isNotNull();
    assertThat(e.getMessage()).startsWith("hostile.pkl: ").contains(reasonPart).contains(messagePart);
  }

  /** Writes pickle opcodes by hand, as CPython's pickler would emit them. */
  static final class Pickle {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Pickle proto(int version) {
      return op(0x80, version);
    }

    Pickle op(int code, int... args) {
      out.write(code);
      for (int a : args) {
        out.write(a);
      }
      return this;
    }

    Pickle raw(int b) {
      out.write(b);
      return this;
    }

    Pickle rawText(String s) {
      out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
      return this;
    }

    Pickle u32(long v) {
      out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
      return this;
    }

    Pickle u64(long v) {
      out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
      return this;
    }

    Pickle global(String module, String name) {
      return op('c').rawText(module + "\n" + name + "\n");
    }

    Pickle str(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      return op('X').u32(b.length).bytesRaw(b);
    }

    Pickle rawBytes(byte[] b) {
      return bytesRaw(b);
    }

    private Pickle bytesRaw(byte[] b) {
      out.writeBytes(b);
      return this;
    }

    /** A float64 array of shape (rows, 3), as numpy pickles it with protocol 2/3. */
    Pickle array(int rows, double[] values) {
      return array(rows, 3, values);
    }

    Pickle array(int rows, int cols, double[] values) {
      ByteBuffer data = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
      for (double v : values) {
        data.putDouble(v);
      }
      Function<Integer, Pickle> binint1 = v -> op('K', v);
      global("numpy.core.multiarray", "_reconstruct").global("numpy", "ndarray");
      binint1.apply(0).op(0x85).op('C', 1).raw('b').op(0x87).op('R');
      op('(').op('K', 1).op('K', rows).op('K', cols).op(0x86);
      global("numpy", "dtype").str("f8").op(0x89).op(0x88).op(0x87).op('R');
      op('(').op('K', 3).str("<").op('N').op('N').op('N').op('J').u32(-1).op('J').u32(-1).op('K', 0).op('t')
          .op('b');
      op(0x89).op('B').u32(data.capacity()).bytesRaw(data.array()).op('t').op('b');
      return this;
    }

    /** An object array of {@code n} elements written by {@code elements}, as numpy pickles it. */
    Pickle objectArray(int n, java.util.function.Consumer<Pickle> elements) {
      global("numpy.core.multiarray", "_reconstruct").global("numpy", "ndarray");
      op('K', 0).op(0x85).op('C', 1).raw('b').op(0x87).op('R');
      op('(').op('K', 1).op('K', n).op(0x85);
      global("numpy", "dtype").str("O8").op(0x89).op(0x88).op(0x87).op('R');
      op('(').op('K', 3).str("|").op('N').op('N').op('N').op('J').u32(-1).op('J').u32(-1).op('K', 63).op('t')
          .op('b');
      op(0x89).op(']').op('(');
      elements.accept(this);
      return op('e').op('t').op('b');
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
