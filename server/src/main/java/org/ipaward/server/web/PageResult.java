package org.ipaward.server.web;

import java.util.List;
import java.util.function.Function;

/** One page of a list: the items, the total count, and where the page is. Pages count from 0. */
public record PageResult<T>(List<T> items, long total, int page, int size) {
    public int pages() {
        return size == 0 ? 0 : (int) ((total + size - 1) / size);
    }

    public <R> PageResult<R> map(Function<T, R> f) {
        return new PageResult<>(items.stream().map(f).toList(), total, page, size);
    }
}
