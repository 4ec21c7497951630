import GRDB

/// The tables of the embedded frontend, one versioned migration each change: a file
/// written by an older version is brought up to date when it is opened.
enum FrontendSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("1-projects-builds-chroots-cancels") { db in
            try db.create(table: "project") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("owner", .text).notNull()
                table.column("name", .text).notNull()
                // JSON array of chroot names, in the order the user gave them.
                table.column("chroots", .text).notNull()
                table.column("signing_enabled", .boolean).notNull()
                table.column("created_on", .double).notNull()
                table.uniqueKey(["owner", "name"])
            }
            // AUTOINCREMENT: a build id is never given twice, even after deletions, since
            // it names result directories and tasks.
            try db.create(table: "build") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("project_id", .integer).notNull().indexed().references("project", onDelete: .cascade)
                table.column("submitter", .text).notNull()
                // JSON of BuildSource.
                table.column("source", .text).notNull()
                table.column("background", .boolean).notNull()
                table.column("timeout", .integer).notNull()
                table.column("package_name", .text)
                table.column("package_version", .text)
                table.column("srpm_url", .text)
                table.column("source_status", .integer).notNull()
                table.column("source_result_dir", .text)
                table.column("submitted_on", .double).notNull()
                table.column("started_on", .double)
                table.column("ended_on", .double)
                table.column("canceled", .boolean).notNull().defaults(to: false)
            }
            try db.create(table: "build_chroot") { table in
                table.column("build_id", .integer).notNull().references("build", onDelete: .cascade)
                table.column("chroot", .text).notNull()
                table.column("status", .integer).notNull().indexed()
                table.column("started_on", .double)
                table.column("ended_on", .double)
                table.column("result_dir", .text)
                table.primaryKey(["build_id", "chroot"])
            }
            try db.create(table: "cancel_request") { table in
                table.primaryKey("task_id", .text)
            }
        }
        migrator.registerMigration("2-uploads") { db in
            // The upload each build was submitted with, by the UUID of its directory: an
            // upload is its build's alone, and goes when the build is deleted.
            try db.create(table: "upload") { table in
                table.primaryKey("build_id", .integer).references("build", onDelete: .cascade)
                table.column("directory", .text).notNull().unique()
                table.column("file_name", .text).notNull()
            }
            try LegacyUploads.adopt(db)
        }
        migrator.registerMigration("3-accounts") { db in
            // Users by login name. A project's owner stays text: a project of an older
            // store keeps its owner even before an account of that name exists.
            try db.create(table: "account") { table in
                table.primaryKey("login", .text)
                table.column("site_admin", .boolean).notNull()
                table.column("created_on", .double).notNull()
            }
            try db.create(table: "account_group") { table in
                table.primaryKey("name", .text)
                table.column("created_on", .double).notNull()
            }
            try db.create(table: "group_member") { table in
                table.column("group_name", .text).notNull().references("account_group", onDelete: .cascade)
                table.column("login", .text).notNull().indexed().references("account", onDelete: .cascade)
                table.primaryKey(["group_name", "login"])
            }
            // The public id is copr-cli's `login`; of the secret only its SHA-256 is kept.
            try db.create(table: "api_token") { table in
                table.primaryKey("id", .text)
                table.column("login", .text).notNull().indexed().references("account", onDelete: .cascade)
                table.column("secret_sha256", .blob).notNull()
                table.column("created_on", .double).notNull()
                table.column("expires_on", .double).notNull()
                table.column("revoked_on", .double)
            }
            try db.create(table: "project_permission") { table in
                table.column("project_id", .integer).notNull().references("project", onDelete: .cascade)
                table.column("login", .text).notNull().references("account", onDelete: .cascade)
                table.column("admin", .boolean).notNull()
                table.column("builder", .boolean).notNull()
                table.primaryKey(["project_id", "login"])
            }
        }
        migrator.registerMigration("4-permission-requests-account-ids") { db in
            // A role asked for and not yet approved (Copr's `request`); `admin` and
            // `builder` stay what is granted.
            try db.alter(table: "project_permission") { table in
                table.add(column: "admin_requested", .boolean).notNull().defaults(to: false)
                table.add(column: "builder_requested", .boolean).notNull().defaults(to: false)
            }
            // Copr's numeric user id (`auth-check`), given in the order accounts were made.
            try db.alter(table: "account") { table in table.add(column: "id", .integer) }
            try db.execute(sql: "UPDATE account SET id = rowid")
            try db.create(index: "account_id", on: "account", columns: ["id"], unique: true)
        }
        migrator.registerMigration("5-build-batches") { db in
            // Copr's batches: a build in a batch starts only once every build of the batch
            // it comes after has ended. A batch is kept when its builds are deleted: with
            // none left it has ended.
            try db.create(table: "batch") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("after_batch_id", .integer).references("batch", onDelete: .setNull)
            }
            try db.alter(table: "build") { table in
                table.add(column: "batch_id", .integer).references("batch", onDelete: .setNull)
            }
            try db.create(index: "build_on_batch_id", on: "build", columns: ["batch_id"])
        }
        migrator.registerMigration("6-project-and-chroot-settings") { db in
            // ProjectSettings; lists are JSON arrays of strings.
            try db.alter(table: "project") { table in
                table.add(column: "description", .text).notNull().defaults(to: "")
                table.add(column: "instructions", .text).notNull().defaults(to: "")
                table.add(column: "homepage", .text)
                table.add(column: "contact", .text)
                table.add(column: "additional_repos", .text).notNull().defaults(to: "[]")
                table.add(column: "runtime_dependencies", .text).notNull().defaults(to: "[]")
                table.add(column: "enable_net", .boolean).notNull().defaults(to: false)
                table.add(column: "delete_after", .double)
            }
            // A build's own enable_net; null takes the project's.
            try db.alter(table: "build") { table in
                table.add(column: "enable_net", .boolean)
            }
            // ChrootSettings of the chroots a user edited; a chroot without a row has the defaults.
            try db.create(table: "project_chroot") { table in
                table.column("project_id", .integer).notNull().references("project", onDelete: .cascade)
                table.column("chroot", .text).notNull()
                table.column("additional_repos", .text).notNull()
                table.column("buildroot_pkgs", .text).notNull()
                table.column("with_opts", .text).notNull()
                table.column("without_opts", .text).notNull()
                table.column("isolation", .text).notNull()
                table.column("bootstrap", .text).notNull()
                table.column("bootstrap_image", .text)
                table.primaryKey(["project_id", "chroot"])
            }
        }
        migrator.registerMigration("7-packages") { db in
            // Copr's packages: a name per project with the source its builds come from by
            // default. Builds keep naming their package by `package_name`, so deleting a
            // package may keep them.
            try db.create(table: "package") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("project_id", .integer).notNull().references("project", onDelete: .cascade)
                table.column("name", .text).notNull()
                // JSON of BuildSource.
                table.column("source", .text).notNull()
                table.column("webhook_rebuild", .boolean).notNull()
                table.uniqueKey(["project_id", "name"])
            }
        }
        migrator.registerMigration("8-webhook-secrets") { db in
            // Copr's webhook_secret: the credential of a project's webhook URLs. Each
            // existing project gets its own random one.
            try db.alter(table: "project") { table in
                table.add(column: "webhook_secret", .text).notNull().defaults(to: "")
            }
            for id in try Int.fetchAll(db, sql: "SELECT id FROM project") {
                try db.execute(sql: "UPDATE project SET webhook_secret = ? WHERE id = ?", arguments: [WebhookSecret.generate(), id])
            }
        }
        migrator.registerMigration("9-web-sessions") { db in
            // The web interface's sign-in sessions (hummingbird-auth's session storage):
            // a random key, the JSON of a WebSession, and when it expires.
            try db.create(table: "web_session") { table in
                table.primaryKey("key", .text)
                table.column("value", .blob).notNull()
                table.column("expires_on", .double)
            }
        }
        migrator.registerMigration("10-actions") { db in
            // Copr's actions: what the backend must do to the results tree, until it
            // reports the result (0 waiting, 1 success, 2 failure). The project's owner and
            // name stay with the action: a project delete removes the project row.
            try db.create(table: "action") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("action_type", .integer).notNull()
                table.column("object_type", .text)
                table.column("object_id", .integer)
                table.column("old_value", .text)
                table.column("new_value", .text)
                table.column("priority", .integer)
                // JSON text, as upstream sends it.
                table.column("data", .text).notNull()
                table.column("result", .integer).notNull().defaults(to: 0)
                table.column("message", .text)
                table.column("created_on", .double).notNull()
                table.column("ended_on", .double)
                table.column("project_id", .integer).references("project", onDelete: .setNull)
                table.column("project_owner", .text)
                table.column("project_name", .text)
            }
            try db.create(index: "action_waiting", on: "action", columns: ["result", "created_on"])
        }
        migrator.registerMigration("11-web-page-indexes") { db in
            // The monitor and the project page find the newest build of each package of a
            // project: its builds by package, newest first.
            try db.create(index: "build_on_project_package", on: "build", columns: ["project_id", "package_name", "id"])
        }
        migrator.registerMigration("12-forked-builds") { db in
            // A forked build copies a build of another project; its results are copied by
            // the fork action named here, whose result ends it (forked until then).
            try db.alter(table: "build") { table in
                table.add(column: "fork_action_id", .integer)
            }
            try db.create(index: "build_on_fork_action_id", on: "build", columns: ["fork_action_id"])
        }
        return migrator
    }
}
