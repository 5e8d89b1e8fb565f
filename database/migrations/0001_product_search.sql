-- Full-text search over products (FTS5, external content: the index stores no second copy).
-- Triggers keep it in step with every write, so no code path can forget to.
-- `remove_diacritics 2` lets "creme" find "crème"; prefix indexes make "sourd*" cheap.
CREATE VIRTUAL TABLE `products_fts` USING fts5(
	name, summary, description, ingredients,
	content='products', content_rowid='id',
	tokenize='unicode61 remove_diacritics 2',
	prefix='2 3'
);
--> statement-breakpoint
CREATE TRIGGER `products_fts_after_insert` AFTER INSERT ON `products` BEGIN
	INSERT INTO products_fts(rowid, name, summary, description, ingredients)
	VALUES (new.id, new.name, new.summary, new.description, new.ingredients);
END;
--> statement-breakpoint
CREATE TRIGGER `products_fts_after_delete` AFTER DELETE ON `products` BEGIN
	INSERT INTO products_fts(products_fts, rowid, name, summary, description, ingredients)
	VALUES ('delete', old.id, old.name, old.summary, old.description, old.ingredients);
END;
--> statement-breakpoint
CREATE TRIGGER `products_fts_after_update` AFTER UPDATE OF name, summary, description, ingredients ON `products` BEGIN
	INSERT INTO products_fts(products_fts, rowid, name, summary, description, ingredients)
	VALUES ('delete', old.id, old.name, old.summary, old.description, old.ingredients);
	INSERT INTO products_fts(rowid, name, summary, description, ingredients)
	VALUES (new.id, new.name, new.summary, new.description, new.ingredients);
END;
--> statement-breakpoint
INSERT INTO `catalog_meta` (`id`, `version`) VALUES (1, 1);
