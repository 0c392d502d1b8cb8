package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.catalogue.JdbcJobCatalogue.CatalogueUnavailableException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@link Coordination} in the catalogue's tables {@code leases} and {@code service_instances} (schema version 10),
 * every time judged by the database's clock ({@link Dialect#nowMillis()}).
 *
 * <p>A lease is taken by one conditional {@code UPDATE} (free, expired or the holder's own), which the database
 * serialises on the lease's row, so that of two instances racing for it one wins; a lease not yet in the table is
 * taken by an {@code INSERT}, whose duplicate key tells the loser that someone else took it first.
 */
final class JdbcCoordination implements Coordination {

    private final Transactions transactions;
    private final String now;

    JdbcCoordination(Transactions transactions) {
        this.transactions = transactions;
        this.now = transactions.dialect().nowMillis();
    }

    @Override
    public OptionalLong acquire(String name, String holder, Duration ttl) {
        requireName(name, holder);
        OptionalLong taken = transactions.inTransaction(connection -> takeExisting(connection, name, holder, ttl));
        if (taken.isPresent()) {
            return taken;
        }
        try {
            transactions.run(connection -> {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO leases (name, holder, token, "
                        + "expires_at) VALUES (?, ?, 1, " + now + " + ?)")) {
                    insert.setString(1, name);
                    insert.setString(2, holder);
                    insert.setLong(3, ttl.toMillis());
                    return insert.executeUpdate();
                }
            });
            return OptionalLong.of(1);
        } catch (CatalogueUnavailableException e) {
            if (e.getCause() instanceof SQLException sql && Transactions.isDuplicateKey(sql)) {
                // Another instance made the lease between our update and our insert: it holds it now.
                return OptionalLong.empty();
            }
            throw e;
        }
    }

    /**
     * Takes the lease's row if it is free, expired or {@code holder}'s, in the caller's transaction; answers the token,
     * or empty when someone else holds it or there is no row yet. The token is read back in the same transaction,
     * whose update locks the row.
     */
    private OptionalLong takeExisting(Connection connection, String name, String holder, Duration ttl)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE leases SET "
                + "token = CASE WHEN holder = ? AND expires_at > " + now + " THEN token ELSE token + 1 END, "
                + "holder = ?, expires_at = " + now + " + ? "
                + "WHERE name = ? AND (holder IS NULL OR holder = ? OR expires_at <= " + now + ")")) {
            update.setString(1, holder);
            update.setString(2, holder);
            update.setLong(3, ttl.toMillis());
            update.setString(4, name);
            update.setString(5, holder);
            if (update.executeUpdate() == 0) {
                return OptionalLong.empty();
            }
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT token FROM leases WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return OptionalLong.of(rows.getLong(1));
            }
        }
    }

    @Override
    public void release(String name, String holder, long token) {
        transactions.run(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE leases SET holder = NULL, "
                    + "expires_at = " + now + " WHERE name = ? AND holder = ? AND token = ?")) {
                update.setString(1, name);
                update.setString(2, holder);
                update.setLong(3, token);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Holding> holder(String name) {
        return transactions.run(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT holder, token, expires_at - " + now
                    + " FROM leases WHERE name = ? AND holder IS NOT NULL AND expires_at > " + now)) {
                select.setString(1, name);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(new Holding(rows.getString(1), rows.getLong(2), rows.getLong(3)))
                            : Optional.empty();
                }
            }
        });
    }

    /**
     * The check of a fenced write, in its transaction: {@code holder} holds {@code lease} with {@code token}, not
     * expired by the database's clock; the row stays locked (shared on PostgreSQL) until the write commits, so that no
     * other instance takes the lease in between.
     *
     * @throws LeaseLostException otherwise
     */
    static void requireHeld(Connection connection, Dialect dialect, String lease, String holder, long token)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT token FROM leases WHERE name = ? "
                + "AND holder = ? AND token = ? AND expires_at > " + dialect.nowMillis() + dialect.shareLock())) {
            select.setString(1, lease);
            select.setString(2, holder);
            select.setLong(3, token);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new LeaseLostException(lease, holder, token);
                }
            }
        }
    }

    @Override
    public void heartbeat(Instance instance) {
        if (instance.id().isEmpty() || instance.id().length() > 64) {
            throw new IllegalArgumentException("an instance's id has 1 to 64 characters: " + instance.id());
        }
        for (int attempt = 1; ; attempt++) {
            if (transactions.run(connection -> updateHeartbeat(connection, instance)) > 0) {
                return;
            }
            try {
                transactions.run(connection -> {
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO service_instances "
                            + "(instance_id, engine, address, started_at, heartbeat_at) VALUES (?, ?, ?, ?, " + now
                            + ")")) {
                        insert.setString(1, instance.id());
                        insert.setString(2, instance.engine());
                        insert.setString(3, instance.address());
                        insert.setLong(4, instance.startedAt());
                        return insert.executeUpdate();
                    }
                });
                return;
            } catch (CatalogueUnavailableException e) {
                // Inserted at the same moment by another call for the same instance: update it the next time round.
                if (attempt == 2 || !(e.getCause() instanceof SQLException sql) || !Transactions.isDuplicateKey(sql)) {
                    throw e;
                }
            }
        }
    }

    private int updateHeartbeat(Connection connection, Instance instance) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE service_instances SET engine = ?, "
                + "address = ?, started_at = ?, heartbeat_at = " + now + " WHERE instance_id = ?")) {
            update.setString(1, instance.engine());
            update.setString(2, instance.address());
            update.setLong(3, instance.startedAt());
            update.setString(4, instance.id());
            return update.executeUpdate();
        }
    }

    @Override
    public List<Instance> othersAlive(String self, Duration alive) {
        return transactions.run(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT instance_id, engine, address, "
                    + "started_at FROM service_instances WHERE instance_id <> ? AND heartbeat_at >= " + now
                    + " - ? ORDER BY instance_id")) {
                select.setString(1, self);
                select.setLong(2, alive.toMillis());
                try (ResultSet rows = select.executeQuery()) {
                    List<Instance> instances = new ArrayList<>();
                    while (rows.next()) {
                        instances.add(new Instance(rows.getString(1), rows.getString(2), rows.getString(3),
                                rows.getLong(4)));
                    }
                    return instances;
                }
            }
        });
    }

    @Override
    public void deregister(String instanceId) {
        transactions.run(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM service_instances WHERE instance_id = ?")) {
                delete.setString(1, instanceId);
                return delete.executeUpdate();
            }
        });
    }

    private static void requireName(String name, String holder) {
        if (name.isEmpty() || name.length() > 256) {
            throw new IllegalArgumentException("a lease's name has 1 to 256 characters: " + name);
        }
        if (holder.isEmpty() || holder.length() > 64) {
            throw new IllegalArgumentException("a lease's holder has 1 to 64 characters: " + holder);
        }
    }
}
