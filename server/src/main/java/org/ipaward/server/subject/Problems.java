package org.ipaward.server.subject;

import java.util.ArrayList;
import java.util.List;
import org.ipaward.server.error.ApiException;
import org.springframework.http.HttpStatus;

/** Collects every problem of a request, so one 400 names them all; the answer's key is the first one's. */
final class Problems {
    private final List<ApiException.FieldProblem> list = new ArrayList<>();

    void add(String field, Object value, String key, String zh, String en) {
        list.add(new ApiException.FieldProblem(field, value, key, zh, en));
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    void throwIfAny() {
        if (list.isEmpty()) {
            return;
        }
        ApiException.FieldProblem first = list.get(0);
        String zh = first.message();
        String en = first.messageEn();
        if (list.size() > 1) {
            zh += "（另有 " + (list.size() - 1) + " 处问题）";
            en += " (and " + (list.size() - 1) + " more problem" + (list.size() > 2 ? "s" : "") + ")";
        }
        throw new ApiException(HttpStatus.BAD_REQUEST, first.key(), zh, en, list);
    }
}
