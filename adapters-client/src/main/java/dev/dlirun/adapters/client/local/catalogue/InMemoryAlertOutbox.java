package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.model.Alert;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An outbox in memory, for the in-memory catalogue: forgotten, like its jobs, when the process ends. */
final class InMemoryAlertOutbox implements AlertOutbox {

    private static final class Entry {
        final Alert alert;
        int attempts;
        long nextTry;

        Entry(Alert alert) {
            this.alert = alert;
            this.nextTry = alert.time();
        }
    }

    /** The alerts neither delivered nor given up, in the order they were added. */
    private final Map<String, Entry> pending = new LinkedHashMap<>();

    @Override
    public synchronized void add(List<Alert> alerts) {
        alerts.forEach(alert -> pending.putIfAbsent(alert.id(), new Entry(alert)));
    }

    @Override
    public synchronized List<Pending> due(long now, int limit) {
        List<Pending> due = new ArrayList<>();
        pending.values().stream().filter(entry -> entry.nextTry <= now)
                .sorted(Comparator.comparingLong(entry -> entry.alert.time()))
                .limit(limit).forEach(entry -> due.add(new Pending(entry.alert, entry.attempts)));
        return due;
    }

    @Override
    public synchronized void delivered(String alertId, long now) {
        pending.remove(alertId);
    }

    @Override
    public synchronized void failed(String alertId, int attempts, long nextTry, String why) {
        Entry entry = pending.get(alertId);
        if (entry != null) {
            entry.attempts = attempts;
            entry.nextTry = nextTry;
        }
    }

    @Override
    public synchronized void givenUp(String alertId, long now, String why) {
        pending.remove(alertId);
    }

    @Override
    public synchronized long pendingCount() {
        return pending.size();
    }
}
