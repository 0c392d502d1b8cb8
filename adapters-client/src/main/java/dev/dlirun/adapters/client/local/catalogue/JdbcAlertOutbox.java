package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.model.Alert;

import java.time.Duration;
import java.util.List;

/** The outbox of the H2 catalogue: its {@code alerts} table, each change committed before the method returns. */
final class JdbcAlertOutbox implements AlertOutbox {

    /** How long alerts delivered or given up are kept, for an operator's look at the table. */
    private static final Duration KEPT = Duration.ofDays(7);
    private static final long PRUNE_EVERY = Duration.ofHours(1).toMillis();

    private final Transactions transactions;
    private volatile long lastPrune;

    JdbcAlertOutbox(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void add(List<Alert> alerts) {
        transactions.write(connection -> {
            AlertRows.insert(connection, alerts);
            return null;
        });
    }

    @Override
    public List<Pending> due(long now, int limit) {
        if (now - lastPrune > PRUNE_EVERY) {
            lastPrune = now;
            transactions.run(connection -> AlertRows.prune(connection, now - KEPT.toMillis()));
        }
        return transactions.run(connection -> AlertRows.due(connection, now, limit));
    }

    @Override
    public void delivered(String alertId, long now) {
        transactions.write(connection -> {
            AlertRows.delivered(connection, alertId, now);
            return null;
        });
    }

    @Override
    public void failed(String alertId, int attempts, long nextTry, String why) {
        transactions.write(connection -> {
            AlertRows.failed(connection, alertId, attempts, nextTry, why);
            return null;
        });
    }

    @Override
    public void givenUp(String alertId, long now, String why) {
        transactions.write(connection -> {
            AlertRows.givenUp(connection, alertId, now, why);
            return null;
        });
    }

    @Override
    public long pendingCount() {
        return transactions.run(AlertRows::pendingCount);
    }
}
