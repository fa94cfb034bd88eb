-- The four tables commerce-lint reads, as Magento 2.4 creates them (app/code/Magento/Store/etc/db_schema.xml,
-- app/code/Magento/Config/etc/db_schema.xml), with the rows of an installation whose connector was set
-- up in the Admin. Loaded into a real MariaDB by tests/database/conftest.py.
SET NAMES utf8mb4;
SET SQL_MODE = 'NO_AUTO_VALUE_ON_ZERO';

CREATE TABLE `store_website` (
  `website_id` smallint(5) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Website ID',
  `code` varchar(32) DEFAULT NULL COMMENT 'Code',
  `name` varchar(64) DEFAULT NULL COMMENT 'Website Name',
  `sort_order` smallint(5) unsigned NOT NULL DEFAULT 0 COMMENT 'Sort Order',
  `default_group_id` smallint(5) unsigned NOT NULL DEFAULT 0 COMMENT 'Default Group ID',
  `is_default` smallint(5) unsigned DEFAULT 0 COMMENT 'Defines Is Website Default',
  PRIMARY KEY (`website_id`),
  UNIQUE KEY `STORE_WEBSITE_CODE` (`code`),
  KEY `STORE_WEBSITE_SORT_ORDER` (`sort_order`),
  KEY `STORE_WEBSITE_DEFAULT_GROUP_ID` (`default_group_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci COMMENT='Websites';

CREATE TABLE `store_group` (
  `group_id` smallint(5) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Group ID',
  `website_id` smallint(5) unsigned NOT NULL DEFAULT 0 COMMENT 'Website ID',
  `name` varchar(255) NOT NULL COMMENT 'Store Group Name',
  `root_category_id` int(10) unsigned NOT NULL DEFAULT 0 COMMENT 'Root Category ID',
  `default_store_id` smallint(5) unsigned NOT NULL DEFAULT 0 COMMENT 'Default Store ID',
  `code` varchar(32) DEFAULT NULL COMMENT 'Store group unique code',
  PRIMARY KEY (`group_id`),
  UNIQUE KEY `STORE_GROUP_CODE` (`code`),
  KEY `STORE_GROUP_WEBSITE_ID` (`website_id`),
  KEY `STORE_GROUP_DEFAULT_STORE_ID` (`default_store_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci COMMENT='Store Groups';

CREATE TABLE `store` (
  `store_id` smallint(5) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Store ID',
  `code` varchar(32) DEFAULT NULL COMMENT 'Code',
  `website_id` smallint(5) unsigned NOT NULL DEFAULT 0 COMMENT 'Website ID',
  `group_id` smallint(5) unsigned NOT NULL DEFAULT 0 COMMENT 'Group ID',
  `name` varchar(255) NOT NULL COMMENT 'Store Name',
  `sort_order` smallint(5) unsigned NOT NULL DEFAULT 0 COMMENT 'Store Sort Order',
  `is_active` smallint(5) unsigned NOT NULL DEFAULT 0 COMMENT 'Store Activity',
  PRIMARY KEY (`store_id`),
  UNIQUE KEY `STORE_CODE` (`code`),
  KEY `STORE_WEBSITE_ID` (`website_id`),
  KEY `STORE_IS_ACTIVE_SORT_ORDER` (`is_active`,`sort_order`),
  KEY `STORE_GROUP_ID` (`group_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci COMMENT='Stores';

CREATE TABLE `core_config_data` (
  `config_id` int(10) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Config ID',
  `scope` varchar(8) NOT NULL DEFAULT 'default' COMMENT 'Config Scope',
  `scope_id` int(11) NOT NULL DEFAULT 0 COMMENT 'Config Scope ID',
  `path` varchar(255) NOT NULL DEFAULT 'general' COMMENT 'Config Path',
  `value` text DEFAULT NULL COMMENT 'Config Value',
  `updated_at` timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp() COMMENT 'Updated At',
  PRIMARY KEY (`config_id`),
  UNIQUE KEY `CORE_CONFIG_DATA_SCOPE_SCOPE_ID_PATH` (`scope`,`scope_id`,`path`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci COMMENT='Config Data';

-- A table commerce-lint must not read (the live read may query only the four above).
CREATE TABLE `admin_user` (
  `user_id` int(10) unsigned NOT NULL AUTO_INCREMENT COMMENT 'User ID',
  `username` varchar(40) DEFAULT NULL COMMENT 'User Login',
  `password` varchar(255) NOT NULL COMMENT 'User Password',
  PRIMARY KEY (`user_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci COMMENT='Admin User Table';

INSERT INTO `store_website` VALUES (0,'admin','Admin',0,0,0),(1,'base','Main Website',0,1,1);
INSERT INTO `store_group` VALUES (0,0,'Default',0,0,'default'),(1,1,'Main Website Store',2,1,'main_website_store');
INSERT INTO `store` VALUES (0,'admin',0,0,'Admin',0,1),(1,'default',1,1,'Default Store View',0,1);
INSERT INTO `admin_user` VALUES (1,'admin','9f1c4e0b2a7d:Ab3dE5gH7jK9mN1pQ3sT5vX7zB9dF1hJ:3_32_2_67108864');

INSERT INTO `core_config_data` (`config_id`, `scope`, `scope_id`, `path`, `value`, `updated_at`) VALUES
(1,'default',0,'catalog/category/root_id','2','2026-09-14 08:12:03'),
(2,'default',0,'web/seo/use_rewrites','1','2026-09-14 08:12:03'),
(3,'default',0,'web/unsecure/base_url','https://magento.example.test/','2026-09-14 08:12:03'),
(4,'default',0,'web/secure/base_url','https://magento.example.test/','2026-09-14 08:12:03'),
(5,'default',0,'general/locale/code','de_DE','2026-09-14 08:12:03'),
(6,'default',0,'general/region/display_all','1','2026-09-14 08:12:03'),
(7,'default',0,'catalog/search/engine','opensearch','2026-09-14 08:12:04'),
(8,'default',0,'web/cookie/cookie_domain',NULL,'2026-09-14 08:12:04'),
(9,'default',0,'services_connector/services_connector_integration/production_api_key',
 '0:3:uT0ezK8eu0eqQwJ0dS8vpS1Ar2Si2JmR6p2gL1Bq4Ek1Rj7wA5dM9hN3cV8xY2zQ','2026-11-02 10:41:17'),
(10,'default',0,'services_connector/services_connector_integration/production_private_key',
 '0:3:Zp4mV9kQ2rT6wY1uE8iO3aS7dF5gH0jK4lX2cB6nM9vQ1wE3rT5yU7iO9pA2sD4fG6hJ8kL0zX','2026-11-02 10:41:17'),
(11,'default',0,'services_connector/services_connector_integration/sandbox_api_key',
 '0:3:Hk2jL4mN6bV8cX0zQ1wE3rT5yU7iO9pA2sD4fG6hJ8kL0zXcV','2026-11-02 10:41:17'),
(12,'default',0,'services_connector/environment','production','2026-11-02 10:41:17'),
(13,'default',0,'magento_saas/environment','production','2026-11-02 10:42:50'),
(14,'default',0,'services_connector/services_id/project_id','c7d1b3f2-2b1e-4f3a-9d5e-8a6b4c2d0e1f','2026-11-02 10:42:50'),
(15,'default',0,'services_connector/services_id/environment_id','5e9a0c4b-7f1d-4e2a-b3c6-d8e0f2a4b6c8','2026-11-02 10:42:50'),
(16,'websites',1,'payment/payment_services/environment','production','2026-11-03 09:00:00'),
(17,'stores',1,'design/head/includes','<link rel="stylesheet" type="text/css" media="all" href="{{MEDIA_URL}}styles.css" />\r\n<script>window.dataLayer = [];</script>\r\n','2026-11-03 09:05:12'),
(18,'stores',1,'general/store_information/name','Müller & Söhne — 東京 ☕','2026-11-03 09:05:12'),
(19,'stores',1,'design/footer/absolute_footer','Col A\tCol B\\nnot a newline\\\\','2026-11-03 09:05:12'),
(20,'default',0,'design/head/default_description','It''s; /* not a comment */ -- nor this\n# nor this','2026-11-03 09:05:12'),
(21,'default',0,'design/footer/copyright','Copyright \0 2026 \Z "quoted"','2026-11-03 09:05:12');
