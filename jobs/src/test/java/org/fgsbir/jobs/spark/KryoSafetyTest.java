package org.fgsbir.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.fgsbir.core.retrieval.PartialResult;
import org.fgsbir.core.retrieval.ScoringKernel;
import org.fgsbir.core.retrieval.ScoringKernels;
import org.fgsbir.core.retrieval.Similarity;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag$;

/**
 * Every type the score job shuffles or collects survives Spark's Kryo serializer (which conf/env/cluster and
 * gpu enable), and a Java record, the bug this guards against, does not.
 */
class KryoSafetyTest {
  private final SerializerInstance kryo = new KryoSerializer(new SparkConf()).newInstance();

  @SuppressWarnings("unchecked")
  private <T> T roundTrip(T value) {
    ByteBuffer bytes = kryo.serialize(value, ClassTag$.MODULE$.apply(Object.class));
    return (T) kryo.deserialize(bytes, ClassTag$.MODULE$.apply(Object.class));
  }

  /** A record like the ones SketchInputs used to shuffle. */
  record RecordInput(String source, long line) {}

  @Test
  void recordsDoNotSurviveKryo() {
    assertThatThrownBy(() -> roundTrip(new RecordInput("a.ndjson", 3))).isInstanceOf(Exception.class);
  }

  @Test
  void sketchInputsSurviveKryo() {
    SketchInputs.Line line = new SketchInputs.Line("a.ndjson", 3, "{\"key_id\": 1}", "QUICKDRAW");
    assertThat(roundTrip(line)).isEqualTo(line);
    SketchInputs.BadFile bad = new SketchInputs.BadFile("b.svg", 0, "Cannot read b.svg");
    assertThat(roundTrip(bad)).isEqualTo(bad);
    SketchInputs.FileSketch sketch = new SketchInputs.FileSketch("c.svg", 0, "c_1", "shoe", "c", null,
        new float[][] {{1, 2, 3}}, new float[][] {{4, 5, 6}});
    assertThat(roundTrip(sketch).toSketch()).isEqualTo(sketch.toSketch());
  }

  @Test
  void shardedScoringTypesSurviveKryo() {
    ShardedScoring.Query query = roundTrip(new ShardedScoring.Query("q", "shoe", "p1", 0.5f, new float[] {3, 4}));
    assertThat(query.key).isEqualTo("q");
    assertThat(query.category).isEqualTo("shoe");
    assertThat(query.truth).isEqualTo("p1");
    assertThat(query.threshold).isEqualTo(0.5f);
    assertThat(query.vector).containsExactly(3, 4);
    ScoringKernel kernel = ScoringKernels.named("plain-java");
    PartialResult partial = PartialResult.of(kernel.score(kernel.prepare(new float[] {1, 0, 0, 1}, 2, 0),
        new float[] {1, 0}, new float[] {1}, 2, Similarity.L2), 0, 2, i -> "p" + i);
    assertThat(roundTrip(partial)).isEqualTo(partial);
  }
}
