package org.ipaward.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads a claims file or a register as the command's readers see it: every column as text, under the
 * header it has (stable ids or the Chinese headers staff export), plus {@link #ORDER}: the row's place in
 * the input (file order; a directory of part files in name order), which breaks ties of submission time as
 * the single-machine reader's line order does. A CSV is read split across tasks, so a cell must not hold a
 * line break (the generator and staff exports write none; a broken row fails the job).
 */
public final class Inputs {
    /** The column holding the row's place in the input. */
    public static final String ORDER = "__row";

    private Inputs() {}

    /** The formats the job reads. */
    public enum Format {
        CSV,
        PARQUET;

        public static Format of(String s) {
            try {
                return valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("format must be csv or parquet, not " + s);
            }
        }
    }

    public static Dataset<Row> read(SparkSession spark, String path, Format format) {
        Dataset<Row> raw = format == Format.CSV
                ? spark.read()
                        .option("header", "true")
                        .option("inferSchema", "false")
                        .option("encoding", "UTF-8")
                        .option("escape", "\"")
                        .option("mode", "FAILFAST")
                        .csv(path)
                : spark.read().parquet(path);
        List<Column> cols = new ArrayList<>();
        for (String name : raw.columns()) {
            // Column names may carry a byte-order mark (a CSV saved by Excel); text is cast exactly.
            cols.add(col("`" + name + "`")
                    .cast("string")
                    .as(name.replace("\uFEFF", "").strip()));
        }
        cols.add(monotonically_increasing_id().as(ORDER));
        return raw.select(cols.toArray(new Column[0]));
    }
}
