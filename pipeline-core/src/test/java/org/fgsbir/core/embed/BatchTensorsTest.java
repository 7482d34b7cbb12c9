package org.fgsbir.core.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.fgsbir.core.image.ImageTensor;
import org.junit.jupiter.api.Test;

class BatchTensorsTest {
  /** Two 2 x 2 x 2 images whose values encode (image, channel, pixel). */
  private static List<ImageTensor> twoRgbLike() {
    return List.of(image(0, 2), image(1, 2));
  }

  private static ImageTensor image(int index, int channels) {
    float[] data = new float[channels * 4];
    for (int c = 0; c < channels; c++) {
      for (int p = 0; p < 4; p++) {
        data[c * 4 + p] = index * 100 + c * 10 + p;
      }
    }
    return new ImageTensor(channels, 2, 2, data);
  }

  @Test
  void nchwKeepsEachChannelPlaneTogether() {
    float[] packed = BatchTensors.pack(twoRgbLike(), Branch.PHOTO, 2, 2, 2, BatchTensors.Layout.NCHW);
    assertThat(packed).containsExactly(0, 1, 2, 3, 10, 11, 12, 13, 100, 101, 102, 103, 110, 111, 112, 113);
  }

  @Test
  void nhwcInterleavesTheChannelsOfEachPixel() {
    float[] packed = BatchTensors.pack(twoRgbLike(), Branch.PHOTO, 2, 2, 2, BatchTensors.Layout.NHWC);
    assertThat(packed).containsExactly(0, 10, 1, 11, 2, 12, 3, 13, 100, 110, 101, 111, 102, 112, 103, 113);
  }

  @Test
  void aOneChannelInputIsReplicatedIntoEveryModelChannel() {
    float[] nchw = BatchTensors.pack(List.of(image(0, 1)), Branch.SKETCH, 1, 2, 3, BatchTensors.Layout.NCHW);
    float[] nhwc = BatchTensors.pack(List.of(image(0, 1)), Branch.SKETCH, 1, 2, 3, BatchTensors.Layout.NHWC);
    assertThat(nchw).containsExactly(0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3);
    assertThat(nhwc).containsExactly(0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3);
  }

  @Test
  void aWrongShapeNamesItsPositionAndBothShapes() {
    List<ImageTensor> batch = Arrays.asList(image(0, 2), image(1, 1));
    assertThatThrownBy(() -> BatchTensors.pack(batch, Branch.PHOTO, 2, 2, 2, BatchTensors.Layout.NCHW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot embed photo input 1 of the batch: expected a 2 x 2 x 2 tensor but got 1 x 2 x 2;"
            + " preprocess with the model spec's options.");
    assertThatThrownBy(() -> BatchTensors.pack(Arrays.asList((ImageTensor) null), Branch.SKETCH, 1, 2, 1,
        BatchTensors.Layout.NHWC)).hasMessageContaining("sketch input 0").hasMessageContaining("but got null");
  }

  @Test
  void unitRowsSplitsAndNormalisesEachRow() {
    float[][] rows = BatchTensors.unitRows(new float[] {3, 4, 0, 2}, 2, 2);
    assertThat(rows[0]).containsExactly(0.6f, 0.8f);
    assertThat(rows[1]).containsExactly(0f, 1f);
  }
}
