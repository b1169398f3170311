package org.ipaward.server.config;

/**
 * The text of an insert of several rows in one statement: {@code <head> values (?, …), (?, …)}, one group of
 * placeholders per row. PostgreSQL inserts (and returns, with {@code returning}) the rows of a multi-row
 * {@code VALUES} in the order given.
 */
public final class InsertRows {
    private InsertRows() {}

    /**
     * {@code head} (say {@code insert into material (application_id, kind)}) followed by {@code rows} groups of
     * {@code columns} placeholders; at least one row.
     */
    public static String sql(String head, int columns, int rows) {
        if (columns < 1) {
            throw new IllegalArgumentException("an insert needs at least one column");
        }
        return sql(head, "(?" + ", ?".repeat(columns - 1) + ")", rows);
    }

    /**
     * {@code head} followed by {@code rows} copies of {@code group}, a row's placeholders as written (say {@code
     * (?, cast(? as jsonb))}); at least one row.
     */
    public static String sql(String head, String group, int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("an insert needs at least one row");
        }
        StringBuilder sql = new StringBuilder(head.length() + 8 + rows * (group.length() + 2));
        sql.append(head).append(" values ").append(group);
        for (int i = 1; i < rows; i++) {
            sql.append(", ").append(group);
        }
        return sql.toString();
    }
}
