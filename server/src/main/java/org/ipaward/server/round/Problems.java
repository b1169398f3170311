package org.ipaward.server.round;

import java.util.ArrayList;
import java.util.List;
import org.ipaward.server.error.ApiException;
import org.springframework.http.HttpStatus;

/** Collects every bad field of a request, so one answer names them all; nothing is written until none. */
final class Problems {
    private final List<ApiException.FieldProblem> list = new ArrayList<>();

    void add(String field, Object value, String key, String zh, String en) {
        list.add(new ApiException.FieldProblem(field, value, key, zh, en));
    }

    boolean has(String field) {
        return list.stream().anyMatch(p -> p.field().equals(field));
    }

    /** Throws 400 naming every problem; the first gives the answer's key and message. */
    void throwIfAny() {
        if (list.isEmpty()) {
            return;
        }
        ApiException.FieldProblem first = list.get(0);
        String zh = first.message();
        String en = first.messageEn();
        if (list.size() > 1) {
            zh = zh + "（另有 " + (list.size() - 1) + " 处问题）";
            en = en + " (and " + (list.size() - 1) + " more)";
        }
        throw new ApiException(HttpStatus.BAD_REQUEST, first.key(), zh, en, list);
    }
}
