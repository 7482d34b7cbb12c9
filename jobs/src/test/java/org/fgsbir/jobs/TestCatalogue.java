package org.fgsbir.jobs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fgsbir.core.testing.TestPhotos;
import org.fgsbir.core.testing.TestShapes;

/** Writes tiny photo catalogues for the jobs tests. */
final class TestCatalogue {
  private TestCatalogue() {}

  /** A photo of the catalogue: id, category and the {@link TestShapes} variant it shows. */
  record Photo(String id, String category, int variant) {}

  /** Shoe photos: 4 shapes; chair photos: 3 shapes. */
  static final List<Photo> PHOTOS = List.of(
      new Photo("shoe-0001", "shoe", 0),
      new Photo("shoe-0002", "shoe", 1),
      new Photo("shoe-0003", "shoe", 2),
      new Photo("shoe-0004", "shoe", 3),
      new Photo("chair-0001", "chair", 3),
      new Photo("chair-0002", "chair", 4),
      new Photo("chair-0003", "chair", 5));

  /** Id of the corrupt file {@link #writeFolder} adds to the chair folder. */
  static final String CORRUPT_ID = "chair-0099";

  /**
   * Writes {@link #PHOTOS} as {@code <dir>/<category>/<id>.png} (the last one as JPEG) plus one corrupt
   * PNG and one file that is not a photo.
   */
  static Path writeFolder(Path dir) {
    for (int i = 0; i < PHOTOS.size(); i++) {
      Photo p = PHOTOS.get(i);
      boolean jpeg = i == PHOTOS.size() - 1;
      byte[] bytes = jpeg ? TestPhotos.shapeJpeg(p.variant(), 48, i) : TestPhotos.shape(p.variant(), 48, i);
      TestPhotos.write(dir.resolve(p.category()).resolve(p.id() + (jpeg ? ".jpg" : ".png")), bytes);
    }
    TestPhotos.write(dir.resolve("chair").resolve(CORRUPT_ID + ".png"), TestPhotos.corrupt());
    TestPhotos.write(dir.resolve("chair").resolve("notes.txt"), "not a photo".getBytes());
    return dir;
  }

  /** Manifest lines for {@link #PHOTOS} written by {@link #writeFolder} under {@code folder}. */
  static List<String> manifestLines(Path manifestDir, Path photoFolder) {
    List<String> lines = new ArrayList<>();
    lines.add("photo_id,category,split,path");
    for (int i = 0; i < PHOTOS.size(); i++) {
      Photo p = PHOTOS.get(i);
      String file = p.category() + "/" + p.id() + (i == PHOTOS.size() - 1 ? ".jpg" : ".png");
      Path abs = photoFolder.resolve(file);
      // Half relative to the manifest's folder, half absolute.
      String path = i % 2 == 0 ? manifestDir.relativize(abs).toString() : abs.toString();
      lines.add(p.id() + "," + p.category() + ",test," + path);
    }
    return lines;
  }
}
