package org.fgsbir.core.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GalleryTest {

  private static Gallery threeItems() {
    return Gallery.of(List.of("p1", "p2", "p3"),
        List.of(new float[] {1, 0}, new float[] {0, 1}, new float[] {0.6f, 0.8f}));
  }

  @Test
  void exposesIdsIndicesAndVectors() {
    Gallery g = threeItems();
    assertThat(g.size()).isEqualTo(3);
    assertThat(g.dimension()).isEqualTo(2);
    assertThat(g.id(2)).isEqualTo("p3");
    assertThat(g.indexOf("p2")).isEqualTo(1);
    assertThat(g.indexOf("nope")).isEqualTo(-1);
    assertThat(g.vector(2)).containsExactly(0.6f, 0.8f);
    // 0.6 * 1 + 0.8 * 2 = 2.2
    assertThat(g.dot(2, new float[] {1, 2})).isEqualTo(0.6f * 1 + 0.8f * 2);
  }

  @Test
  void copiesItsInputs() {
    float[] v = {1, 0};
    Gallery g = Gallery.of(List.of("a"), List.of(v));
    v[0] = 5;
    g.vector(0)[1] = 7;
    assertThat(g.vector(0)).containsExactly(1f, 0f);
  }

  @Test
  void survivesJavaSerialisation() throws Exception {
    Gallery g = threeItems();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(g);
    }
    Gallery back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (Gallery) in.readObject();
    }
    assertThat(back.size()).isEqualTo(3);
    assertThat(back.indexOf("p3")).isEqualTo(2);
    assertThat(back.vector(1)).containsExactly(0f, 1f);
  }

  @Test
  void refusesRepeatedIds() {
    assertThatThrownBy(() -> Gallery.of(List.of("a", "b", "a"),
        List.of(new float[] {1}, new float[] {1}, new float[] {1})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("id 'a' appears at positions 0 and 2");
  }

  @Test
  void refusesMixedDimensions() {
    assertThatThrownBy(() -> Gallery.of(List.of("a", "b"), List.of(new float[] {1, 0}, new float[] {1})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("id 'b'")
        .hasMessageContaining("dimension 1 but the gallery's is 2");
  }

  @Test
  void refusesNonFiniteValues() {
    assertThatThrownBy(() -> Gallery.of(List.of("a", "b"),
        List.of(new float[] {1, 0}, new float[] {0, Float.NaN})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("id 'b'")
        .hasMessageContaining("non-finite value NaN at component 1");
  }

  @Test
  void refusesEmptyAndMismatchedInputs() {
    assertThatThrownBy(() -> Gallery.of(List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no items");
    assertThatThrownBy(() -> Gallery.of(List.of("a", "b"), List.of(new float[] {1})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 ids but 1 vectors");
    assertThatThrownBy(() -> Gallery.of(Arrays.asList("a", " "), List.of(new float[] {1}, new float[] {1})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("position 1 is missing or blank");
    assertThatThrownBy(() -> Gallery.of(List.of("a"), List.of(new float[0])))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
  }
}
