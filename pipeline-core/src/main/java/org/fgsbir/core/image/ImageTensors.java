package org.fgsbir.core.image;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * Conversions between {@link ImageTensor}s holding pixel values in [0, 1] and Java images or PNG files,
 * for previews, debugging and golden-image tests. Values are quantised to 8 bits as
 * {@code Math.round(v * 255f)}.
 */
public final class ImageTensors {

  private ImageTensors() {
  }

  /**
   * An 8-bit image of a tensor with values in [0, 1]: {@link BufferedImage#TYPE_BYTE_GRAY} for one
   * channel, {@link BufferedImage#TYPE_INT_RGB} for three (R, G, B). A normalised photo tensor must be
   * mapped back to [0, 1] first.
   *
   * @param tensor a 1- or 3-channel tensor with values in [0, 1]
   * @return a new image of {@code tensor.width() x tensor.height()} pixels
   * @throws IllegalArgumentException if the tensor has another channel count or a value outside [0, 1]
   */
  public static BufferedImage toBufferedImage(ImageTensor tensor) {
    Objects.requireNonNull(tensor, "tensor");
    int channels = tensor.channels();
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("cannot make an image of a " + channels
          + "-channel tensor; only 1 (gray) or 3 (RGB) channels are supported");
    }
    float[] data = tensor.data();
    for (int i = 0; i < data.length; i++) {
      if (!(data[i] >= 0f && data[i] <= 1f)) {
        throw new IllegalArgumentException("tensor value " + data[i] + " at index " + i
            + " is outside [0, 1]; map normalised values back with v * std + mean before converting");
      }
    }
    int width = tensor.width();
    int height = tensor.height();
    int plane = width * height;
    if (channels == 1) {
      BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
      WritableRaster raster = image.getRaster();
      int[] row = new int[width];
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          row[x] = toByte(data[y * width + x]);
        }
        raster.setSamples(0, y, width, 1, 0, row);
      }
      return image;
    }
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = y * width + x;
        row[x] = (toByte(data[i]) << 16) | (toByte(data[plane + i]) << 8) | toByte(data[2 * plane + i]);
      }
      image.setRGB(0, y, width, 1, row, 0, width);
    }
    return image;
  }

  /**
   * Writes a tensor with values in [0, 1] as an 8-bit PNG (gray for one channel, RGB for three), creating
   * missing parent folders.
   *
   * @param tensor a 1- or 3-channel tensor with values in [0, 1]
   * @param file the PNG file to write (replaced if it exists)
   * @throws IllegalArgumentException as {@link #toBufferedImage(ImageTensor)}
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void writePng(ImageTensor tensor, Path file) {
    BufferedImage image = toBufferedImage(tensor);
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (!ImageIO.write(image, "png", file.toFile())) {
        throw new IOException("no PNG writer is installed in this JVM");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write PNG " + file + ": " + e.getMessage()
          + "; check that the folder is writable", e);
    }
  }

  /**
   * A {@code 3 x height x width} RGB tensor with values in [0, 1] from any decoded image: converted to
   * 8-bit sRGB (gray replicated to R, G, B; palettes looked up; 16-bit samples scaled) with transparency
   * composited on white, then divided by 255.
   *
   * @param image a decoded image
   * @return a new tensor
   */
  public static ImageTensor fromBufferedImage(BufferedImage image) {
    Objects.requireNonNull(image, "image");
    int[] rgb = SrgbPixels.packedRgb(image);
    int plane = rgb.length;
    float[] data = new float[3 * plane];
    for (int i = 0; i < plane; i++) {
      data[i] = ((rgb[i] >> 16) & 0xFF) / 255f;
      data[plane + i] = ((rgb[i] >> 8) & 0xFF) / 255f;
      data[2 * plane + i] = (rgb[i] & 0xFF) / 255f;
    }
    return new ImageTensor(3, image.getHeight(), image.getWidth(), data);
  }

  private static int toByte(float v) {
    return Math.round(v * 255f);
  }
}
