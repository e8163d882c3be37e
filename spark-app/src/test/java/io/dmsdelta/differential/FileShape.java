package io.dmsdelta.differential;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * How DMS writes a file at some point of a task's life: with DMS's default settings or as a PostgreSQL task
 * ({@code IncludeOpForFullLoad}, a timestamp column, a sequence column from an {@code add-column} rule), and with
 * or without the two groups that can appear mid-stream: the column the source gained ({@code e}) and the
 * before-image columns of a rule added later. Renders a change as a CSV line and says what the change means to
 * the model, which sees exactly what the file tells: no {@code e} before it existed, no move without a before-image.
 */
record FileShape(boolean postgres, boolean addedColumn, boolean beforeImages) {

    private static final DateTimeFormatter DMS_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    /** What one written change is, for the model. */
    record Written(String line, char op, ReferenceModel.Row row, Integer movedFrom) {
    }

    /** A LOAD row: the operation column and timestamp only in PostgreSQL shape, the sequence column empty. */
    Written load(ReferenceModel.Row row, LocalDateTime loadedAt) {
        ReferenceModel.Row written = row.written(addedColumn ? row.e() : null, timestamp(loadedAt), null);
        String line = (postgres ? "I," + DMS_TIMESTAMP.format(loadedAt) + "," : "") + values(written, false)
                + (postgres ? "," : "") + trailing(written, "", "");
        return new Written(line, 'I', written, null);
    }

    /** A CDC row committed at {@code committedAt} with sequence number {@code sequence} (PostgreSQL shape). */
    Written cdc(ChangeStreamGenerator.Change change, LocalDateTime committedAt, long sequence) {
        ReferenceModel.Row row = change.row();
        String seq = postgres ? "2024061210000000" + String.format("%019d", sequence) : null;
        ReferenceModel.Row written = row.written(addedColumn ? row.e() : null, timestamp(committedAt), seq);
        boolean keyOnly = change.op() == 'D' && change.keyOnly();
        String imageSeed = "";
        String imageId = "";
        Integer movedFrom = null;
        if (change.op() == 'U' && change.movedFrom() != null) {
            imageSeed = Integer.toString(row.seed());
            imageId = Integer.toString(change.movedFrom());
            movedFrom = beforeImages && change.movedFrom() != row.id() ? change.movedFrom() : null;
        } else if (change.op() == 'U' && change.imageFilled() || change.op() == 'D' && change.imageFilled()) {
            imageSeed = Integer.toString(row.seed());
            imageId = Integer.toString(row.id());
        }
        String line = change.op() + "," + (postgres ? DMS_TIMESTAMP.format(committedAt) + "," : "")
                + values(written, keyOnly) + (postgres ? "," + seq : "")
                + trailing(keyOnly ? written.written(null, null, null) : written, imageSeed, imageId);
        return new Written(line, change.op(), written, movedFrom);
    }

    private static String values(ReferenceModel.Row row, boolean keyOnly) {
        if (keyOnly) {
            return row.seed() + "," + row.id() + ",,,";
        }
        return row.seed() + "," + row.id() + "," + ChangeStreamGenerator.quote(row.v()) + ","
                + (row.n() == null ? "" : row.n()) + "," + (row.d() == null ? "" : row.d());
    }

    private String trailing(ReferenceModel.Row row, String imageSeed, String imageId) {
        return (addedColumn ? "," + ChangeStreamGenerator.quote(row.e()) : "")
                + (beforeImages ? "," + imageSeed + "," + imageId : "");
    }

    private String timestamp(LocalDateTime time) {
        return postgres ? java.sql.Timestamp.valueOf(time).toString() : null;
    }
}
