package org.ipaward.engine.internal;

import java.util.ArrayList;
import java.util.List;
import org.ipaward.engine.Problem;

/** Collects problems of one file so that all of them are reported at once. */
public final class Problems {
    private final String file;
    private final List<Problem> list = new ArrayList<>();
    private String where;

    public Problems(String file) {
        this.file = file;
    }

    /** Sets the measure (or other unit) that following problems belong to. */
    public void where(String where) {
        this.where = where;
    }

    public void add(YNode at, String field, String key, String zh, String en) {
        list.add(new Problem(file, at == null ? 0 : at.line(), where, field, key, zh, en));
    }

    public void add(int line, String field, String key, String zh, String en) {
        list.add(new Problem(file, line, where, field, key, zh, en));
    }

    public List<Problem> list() {
        return list;
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public String file() {
        return file;
    }
}
