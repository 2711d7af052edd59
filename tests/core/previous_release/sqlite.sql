PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE policy_version (
	id INTEGER NOT NULL, 
	version INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO policy_version VALUES(1,1);
CREATE TABLE tenant (
	id INTEGER NOT NULL, 
	code VARCHAR(64) NOT NULL, 
	name VARCHAR(100) NOT NULL, 
	settings JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (code)
);
INSERT INTO tenant VALUES(1,'chongqing','重庆市','{}','2026-12-05 03:51:36.017347');
CREATE TABLE platform_setting (
	"key" VARCHAR(64) NOT NULL, 
	value VARCHAR NOT NULL, 
	PRIMARY KEY ("key")
);
INSERT INTO platform_setting VALUES('token_secret','LjXNuAwkoJG1uObnNGDubu6iud34pRkWx1OhYvuat3hVMyDDKgnl_03KCXwAKWkl');
INSERT INTO platform_setting VALUES('data_key','tNRazvXPrcHR-RgCbAAY0GIojh86dKPAVcn-v6rnLjI=');
INSERT INTO platform_setting VALUES('personal_data_layout','{"masks": 2, "forms": "2d11733ddf396f1248d634bdc4a3e282"}');
CREATE TABLE calendar_day (
	id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	day DATE NOT NULL, 
	working BOOLEAN NOT NULL, 
	label VARCHAR(100) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (tenant_id, day), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id)
);
CREATE TABLE role (
	id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	code VARCHAR(64) NOT NULL, 
	label VARCHAR(100) NOT NULL, 
	tier VARCHAR(32) NOT NULL, 
	origin VARCHAR(64) NOT NULL, 
	emergency_powers BOOLEAN NOT NULL, 
	source VARCHAR(300), 
	PRIMARY KEY (id), 
	UNIQUE (tenant_id, code), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id)
);
INSERT INTO role VALUES(1,1,'tenant_admin','租户管理员','city','core',0,'wushe core');
INSERT INTO role VALUES(2,1,'municipal_bureau','重庆市民政局','city','chongqing',0,'渝民发〔2022〕7号 发文机关；二');
INSERT INTO role VALUES(3,1,'district_bureau','区县民政部门','district','chongqing',0,'渝民发〔2022〕7号 二、三（三）、三（四）、四（二）');
INSERT INTO role VALUES(4,1,'street_office','乡镇（街道）','street','chongqing',0,'渝民发〔2022〕7号 三（四）、三（五）、三（六）、四（二）');
INSERT INTO role VALUES(5,1,'community','村（社区）','community','chongqing',0,'渝民发〔2022〕7号 三（三）、三（四）、三（六）、四（二）');
INSERT INTO role VALUES(6,1,'two_committees','村（社区）“两委”','community','chongqing',1,'渝民发〔2022〕7号 三（一）、三（三）、三（四）');
INSERT INTO role VALUES(7,1,'leading_group','创新“五社联动”机制工作领导小组','street','qianjiang',0,'正阳办事处发〔2022〕95号 四（一）');
INSERT INTO role VALUES(8,1,'civil_affairs_office','街道民政和社会事务办','street','qianjiang',0,'正阳办事处发〔2022〕95号 二、三（三）、四（二）');
INSERT INTO role VALUES(9,1,'social_security_office','社保所','street','qianjiang',0,'正阳办事处发〔2022〕95号 二、三（三）、四（二）');
INSERT INTO role VALUES(10,1,'social_work_station','街道社会工作站','street','qianjiang',0,'正阳办事处发〔2022〕95号 三（三）、三（四）、三（五）、三（七）、四（二）');
CREATE TABLE role_permission (
	id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	role_code VARCHAR(64) NOT NULL, 
	tier VARCHAR(16) NOT NULL, 
	resource VARCHAR(64) NOT NULL, 
	action VARCHAR(64) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (tenant_id, role_code, tier, resource, action), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id)
);
INSERT INTO role_permission VALUES(1,1,'tenant_admin','*','activity','create');
INSERT INTO role_permission VALUES(2,1,'tenant_admin','*','activity','read');
INSERT INTO role_permission VALUES(3,1,'tenant_admin','*','activity','update');
INSERT INTO role_permission VALUES(4,1,'tenant_admin','*','assignment','create');
INSERT INTO role_permission VALUES(5,1,'tenant_admin','*','assignment','delete');
INSERT INTO role_permission VALUES(6,1,'tenant_admin','*','assignment','read');
INSERT INTO role_permission VALUES(7,1,'tenant_admin','*','audit','read');
INSERT INTO role_permission VALUES(8,1,'tenant_admin','*','case','read');
INSERT INTO role_permission VALUES(9,1,'tenant_admin','*','catalogue','read');
INSERT INTO role_permission VALUES(10,1,'tenant_admin','*','community_fund','create');
INSERT INTO role_permission VALUES(11,1,'tenant_admin','*','community_fund','read');
INSERT INTO role_permission VALUES(12,1,'tenant_admin','*','community_fund','update');
INSERT INTO role_permission VALUES(13,1,'tenant_admin','*','community_profile','read');
INSERT INTO role_permission VALUES(14,1,'tenant_admin','*','community_profile','update');
INSERT INTO role_permission VALUES(15,1,'tenant_admin','*','donation','create');
INSERT INTO role_permission VALUES(16,1,'tenant_admin','*','donation','dispatch');
INSERT INTO role_permission VALUES(17,1,'tenant_admin','*','donation','read');
INSERT INTO role_permission VALUES(18,1,'tenant_admin','*','emergency','create');
INSERT INTO role_permission VALUES(19,1,'tenant_admin','*','emergency','read');
INSERT INTO role_permission VALUES(20,1,'tenant_admin','*','emergency','update');
INSERT INTO role_permission VALUES(21,1,'tenant_admin','*','form','read');
INSERT INTO role_permission VALUES(22,1,'tenant_admin','*','form','review');
INSERT INTO role_permission VALUES(23,1,'tenant_admin','*','form','submit');
INSERT INTO role_permission VALUES(24,1,'tenant_admin','*','indicator','read');
INSERT INTO role_permission VALUES(25,1,'tenant_admin','*','indicator','update');
INSERT INTO role_permission VALUES(26,1,'tenant_admin','*','personal_data','read_full');
INSERT INTO role_permission VALUES(27,1,'tenant_admin','*','region','create');
INSERT INTO role_permission VALUES(28,1,'tenant_admin','*','region','read');
INSERT INTO role_permission VALUES(29,1,'tenant_admin','*','region','update');
INSERT INTO role_permission VALUES(30,1,'tenant_admin','*','role','create');
INSERT INTO role_permission VALUES(31,1,'tenant_admin','*','role','read');
INSERT INTO role_permission VALUES(32,1,'tenant_admin','*','role','update');
INSERT INTO role_permission VALUES(33,1,'tenant_admin','*','rule','run');
INSERT INTO role_permission VALUES(34,1,'tenant_admin','*','service_record','create');
INSERT INTO role_permission VALUES(35,1,'tenant_admin','*','service_record','read');
INSERT INTO role_permission VALUES(36,1,'tenant_admin','*','setting','read');
INSERT INTO role_permission VALUES(37,1,'tenant_admin','*','setting','update');
INSERT INTO role_permission VALUES(38,1,'tenant_admin','*','social_organization','create');
INSERT INTO role_permission VALUES(39,1,'tenant_admin','*','social_organization','dispatch');
INSERT INTO role_permission VALUES(40,1,'tenant_admin','*','social_organization','read');
INSERT INTO role_permission VALUES(41,1,'tenant_admin','*','social_organization','update');
INSERT INTO role_permission VALUES(42,1,'tenant_admin','*','social_worker','create');
INSERT INTO role_permission VALUES(43,1,'tenant_admin','*','social_worker','read');
INSERT INTO role_permission VALUES(44,1,'tenant_admin','*','social_worker','update');
INSERT INTO role_permission VALUES(45,1,'tenant_admin','*','target','read');
INSERT INTO role_permission VALUES(46,1,'tenant_admin','*','user','create');
INSERT INTO role_permission VALUES(47,1,'tenant_admin','*','user','read');
INSERT INTO role_permission VALUES(48,1,'tenant_admin','*','user','update');
INSERT INTO role_permission VALUES(49,1,'tenant_admin','*','volunteer','create');
INSERT INTO role_permission VALUES(50,1,'tenant_admin','*','volunteer','dispatch');
INSERT INTO role_permission VALUES(51,1,'tenant_admin','*','volunteer','read');
INSERT INTO role_permission VALUES(52,1,'tenant_admin','*','volunteer','update');
INSERT INTO role_permission VALUES(53,1,'tenant_admin','*','volunteer_team','create');
INSERT INTO role_permission VALUES(54,1,'tenant_admin','*','volunteer_team','dispatch');
INSERT INTO role_permission VALUES(55,1,'tenant_admin','*','volunteer_team','read');
INSERT INTO role_permission VALUES(56,1,'tenant_admin','*','volunteer_team','update');
INSERT INTO role_permission VALUES(57,1,'municipal_bureau','*','activity','read');
INSERT INTO role_permission VALUES(58,1,'municipal_bureau','*','catalogue','read');
INSERT INTO role_permission VALUES(59,1,'municipal_bureau','*','community_fund','read');
INSERT INTO role_permission VALUES(60,1,'municipal_bureau','*','community_profile','read');
INSERT INTO role_permission VALUES(61,1,'municipal_bureau','*','donation','read');
INSERT INTO role_permission VALUES(62,1,'municipal_bureau','*','indicator','read');
INSERT INTO role_permission VALUES(63,1,'municipal_bureau','*','region','read');
INSERT INTO role_permission VALUES(64,1,'municipal_bureau','*','service_record','read');
INSERT INTO role_permission VALUES(65,1,'municipal_bureau','*','setting','read');
INSERT INTO role_permission VALUES(66,1,'municipal_bureau','*','social_organization','read');
INSERT INTO role_permission VALUES(67,1,'municipal_bureau','*','social_worker','read');
INSERT INTO role_permission VALUES(68,1,'municipal_bureau','*','target','read');
INSERT INTO role_permission VALUES(69,1,'municipal_bureau','*','volunteer','read');
INSERT INTO role_permission VALUES(70,1,'municipal_bureau','*','volunteer_team','read');
INSERT INTO role_permission VALUES(71,1,'municipal_bureau','city','indicator','update');
INSERT INTO role_permission VALUES(72,1,'municipal_bureau','city','region','update');
INSERT INTO role_permission VALUES(73,1,'municipal_bureau','community','community_profile','update');
INSERT INTO role_permission VALUES(74,1,'municipal_bureau','community','region','create');
INSERT INTO role_permission VALUES(75,1,'municipal_bureau','community','region','update');
INSERT INTO role_permission VALUES(76,1,'municipal_bureau','district','region','create');
INSERT INTO role_permission VALUES(77,1,'municipal_bureau','district','region','update');
INSERT INTO role_permission VALUES(78,1,'municipal_bureau','street','region','create');
INSERT INTO role_permission VALUES(79,1,'municipal_bureau','street','region','update');
INSERT INTO role_permission VALUES(80,1,'district_bureau','*','activity','read');
INSERT INTO role_permission VALUES(81,1,'district_bureau','*','catalogue','read');
INSERT INTO role_permission VALUES(82,1,'district_bureau','*','community_fund','read');
INSERT INTO role_permission VALUES(83,1,'district_bureau','*','community_profile','read');
INSERT INTO role_permission VALUES(84,1,'district_bureau','*','donation','read');
INSERT INTO role_permission VALUES(85,1,'district_bureau','*','emergency','read');
INSERT INTO role_permission VALUES(86,1,'district_bureau','*','form','read');
INSERT INTO role_permission VALUES(87,1,'district_bureau','*','form','review');
INSERT INTO role_permission VALUES(88,1,'district_bureau','*','indicator','read');
INSERT INTO role_permission VALUES(89,1,'district_bureau','*','region','read');
INSERT INTO role_permission VALUES(90,1,'district_bureau','*','rule','run');
INSERT INTO role_permission VALUES(91,1,'district_bureau','*','service_record','read');
INSERT INTO role_permission VALUES(92,1,'district_bureau','*','social_organization','create');
INSERT INTO role_permission VALUES(93,1,'district_bureau','*','social_organization','read');
INSERT INTO role_permission VALUES(94,1,'district_bureau','*','social_organization','update');
INSERT INTO role_permission VALUES(95,1,'district_bureau','*','social_worker','create');
INSERT INTO role_permission VALUES(96,1,'district_bureau','*','social_worker','read');
INSERT INTO role_permission VALUES(97,1,'district_bureau','*','social_worker','update');
INSERT INTO role_permission VALUES(98,1,'district_bureau','*','target','read');
INSERT INTO role_permission VALUES(99,1,'district_bureau','*','volunteer','read');
INSERT INTO role_permission VALUES(100,1,'district_bureau','*','volunteer_team','read');
INSERT INTO role_permission VALUES(101,1,'district_bureau','community','case','read');
INSERT INTO role_permission VALUES(102,1,'district_bureau','community','community_profile','update');
INSERT INTO role_permission VALUES(103,1,'district_bureau','community','emergency','create');
INSERT INTO role_permission VALUES(104,1,'district_bureau','community','emergency','update');
INSERT INTO role_permission VALUES(105,1,'district_bureau','community','region','create');
INSERT INTO role_permission VALUES(106,1,'district_bureau','community','region','update');
INSERT INTO role_permission VALUES(107,1,'district_bureau','district','case','read');
INSERT INTO role_permission VALUES(108,1,'district_bureau','district','form','submit');
INSERT INTO role_permission VALUES(109,1,'district_bureau','district','region','update');
INSERT INTO role_permission VALUES(110,1,'district_bureau','street','case','read');
INSERT INTO role_permission VALUES(111,1,'district_bureau','street','emergency','create');
INSERT INTO role_permission VALUES(112,1,'district_bureau','street','emergency','update');
INSERT INTO role_permission VALUES(113,1,'district_bureau','street','region','create');
INSERT INTO role_permission VALUES(114,1,'district_bureau','street','region','update');
INSERT INTO role_permission VALUES(115,1,'street_office','*','activity','read');
INSERT INTO role_permission VALUES(116,1,'street_office','*','catalogue','read');
INSERT INTO role_permission VALUES(117,1,'street_office','*','community_fund','read');
INSERT INTO role_permission VALUES(118,1,'street_office','*','community_profile','read');
INSERT INTO role_permission VALUES(119,1,'street_office','*','donation','read');
INSERT INTO role_permission VALUES(120,1,'street_office','*','emergency','read');
INSERT INTO role_permission VALUES(121,1,'street_office','*','form','read');
INSERT INTO role_permission VALUES(122,1,'street_office','*','form','review');
INSERT INTO role_permission VALUES(123,1,'street_office','*','indicator','read');
INSERT INTO role_permission VALUES(124,1,'street_office','*','region','read');
INSERT INTO role_permission VALUES(125,1,'street_office','*','service_record','read');
INSERT INTO role_permission VALUES(126,1,'street_office','*','social_organization','read');
INSERT INTO role_permission VALUES(127,1,'street_office','*','social_worker','read');
INSERT INTO role_permission VALUES(128,1,'street_office','*','target','read');
INSERT INTO role_permission VALUES(129,1,'street_office','*','volunteer','read');
INSERT INTO role_permission VALUES(130,1,'street_office','*','volunteer_team','read');
INSERT INTO role_permission VALUES(131,1,'street_office','community','activity','create');
INSERT INTO role_permission VALUES(132,1,'street_office','community','activity','update');
INSERT INTO role_permission VALUES(133,1,'street_office','community','case','read');
INSERT INTO role_permission VALUES(134,1,'street_office','community','chongqing_consultation','convene');
INSERT INTO role_permission VALUES(135,1,'street_office','community','chongqing_consultation','resolve');
INSERT INTO role_permission VALUES(136,1,'street_office','community','donation','create');
INSERT INTO role_permission VALUES(137,1,'street_office','community','emergency','create');
INSERT INTO role_permission VALUES(138,1,'street_office','community','emergency','update');
INSERT INTO role_permission VALUES(139,1,'street_office','community','form','submit');
INSERT INTO role_permission VALUES(140,1,'street_office','community','region','create');
INSERT INTO role_permission VALUES(141,1,'street_office','community','region','update');
INSERT INTO role_permission VALUES(142,1,'street_office','community','service_record','create');
INSERT INTO role_permission VALUES(143,1,'street_office','community','social_organization','create');
INSERT INTO role_permission VALUES(144,1,'street_office','community','social_organization','update');
INSERT INTO role_permission VALUES(145,1,'street_office','community','social_worker','create');
INSERT INTO role_permission VALUES(146,1,'street_office','community','social_worker','update');
INSERT INTO role_permission VALUES(147,1,'street_office','street','activity','create');
INSERT INTO role_permission VALUES(148,1,'street_office','street','activity','update');
INSERT INTO role_permission VALUES(149,1,'street_office','street','case','read');
INSERT INTO role_permission VALUES(150,1,'street_office','street','donation','create');
INSERT INTO role_permission VALUES(151,1,'street_office','street','emergency','create');
INSERT INTO role_permission VALUES(152,1,'street_office','street','emergency','update');
INSERT INTO role_permission VALUES(153,1,'street_office','street','form','submit');
INSERT INTO role_permission VALUES(154,1,'street_office','street','region','update');
INSERT INTO role_permission VALUES(155,1,'street_office','street','social_organization','create');
INSERT INTO role_permission VALUES(156,1,'street_office','street','social_organization','update');
INSERT INTO role_permission VALUES(157,1,'street_office','street','social_worker','create');
INSERT INTO role_permission VALUES(158,1,'street_office','street','social_worker','update');
INSERT INTO role_permission VALUES(159,1,'community','*','activity','read');
INSERT INTO role_permission VALUES(160,1,'community','*','catalogue','read');
INSERT INTO role_permission VALUES(161,1,'community','*','community_fund','read');
INSERT INTO role_permission VALUES(162,1,'community','*','community_profile','read');
INSERT INTO role_permission VALUES(163,1,'community','*','donation','read');
INSERT INTO role_permission VALUES(164,1,'community','*','form','read');
INSERT INTO role_permission VALUES(165,1,'community','*','indicator','read');
INSERT INTO role_permission VALUES(166,1,'community','*','region','read');
INSERT INTO role_permission VALUES(167,1,'community','*','service_record','read');
INSERT INTO role_permission VALUES(168,1,'community','*','social_organization','read');
INSERT INTO role_permission VALUES(169,1,'community','*','social_worker','read');
INSERT INTO role_permission VALUES(170,1,'community','*','target','read');
INSERT INTO role_permission VALUES(171,1,'community','*','volunteer','read');
INSERT INTO role_permission VALUES(172,1,'community','*','volunteer_team','read');
INSERT INTO role_permission VALUES(173,1,'community','community','activity','create');
INSERT INTO role_permission VALUES(174,1,'community','community','activity','update');
INSERT INTO role_permission VALUES(175,1,'community','community','case','read');
INSERT INTO role_permission VALUES(176,1,'community','community','chongqing_consultation','convene');
INSERT INTO role_permission VALUES(177,1,'community','community','chongqing_consultation','raise');
INSERT INTO role_permission VALUES(178,1,'community','community','chongqing_consultation','resolve');
INSERT INTO role_permission VALUES(179,1,'community','community','form','submit');
INSERT INTO role_permission VALUES(180,1,'community','community','service_record','create');
INSERT INTO role_permission VALUES(181,1,'community','community','volunteer','create');
INSERT INTO role_permission VALUES(182,1,'community','community','volunteer','update');
INSERT INTO role_permission VALUES(183,1,'community','community','volunteer_team','create');
INSERT INTO role_permission VALUES(184,1,'community','community','volunteer_team','update');
INSERT INTO role_permission VALUES(185,1,'two_committees','*','activity','read');
INSERT INTO role_permission VALUES(186,1,'two_committees','*','catalogue','read');
INSERT INTO role_permission VALUES(187,1,'two_committees','*','community_fund','read');
INSERT INTO role_permission VALUES(188,1,'two_committees','*','community_profile','read');
INSERT INTO role_permission VALUES(189,1,'two_committees','*','donation','read');
INSERT INTO role_permission VALUES(190,1,'two_committees','*','emergency','read');
INSERT INTO role_permission VALUES(191,1,'two_committees','*','form','read');
INSERT INTO role_permission VALUES(192,1,'two_committees','*','form','review');
INSERT INTO role_permission VALUES(193,1,'two_committees','*','indicator','read');
INSERT INTO role_permission VALUES(194,1,'two_committees','*','region','read');
INSERT INTO role_permission VALUES(195,1,'two_committees','*','service_record','read');
INSERT INTO role_permission VALUES(196,1,'two_committees','*','social_organization','read');
INSERT INTO role_permission VALUES(197,1,'two_committees','*','social_worker','read');
INSERT INTO role_permission VALUES(198,1,'two_committees','*','target','read');
INSERT INTO role_permission VALUES(199,1,'two_committees','*','volunteer','read');
INSERT INTO role_permission VALUES(200,1,'two_committees','*','volunteer_team','read');
INSERT INTO role_permission VALUES(201,1,'two_committees','community','activity','create');
INSERT INTO role_permission VALUES(202,1,'two_committees','community','activity','update');
INSERT INTO role_permission VALUES(203,1,'two_committees','community','case','read');
INSERT INTO role_permission VALUES(204,1,'two_committees','community','chongqing_consultation','convene');
INSERT INTO role_permission VALUES(205,1,'two_committees','community','chongqing_consultation','raise');
INSERT INTO role_permission VALUES(206,1,'two_committees','community','chongqing_consultation','resolve');
INSERT INTO role_permission VALUES(207,1,'two_committees','community','form','submit');
INSERT INTO role_permission VALUES(208,1,'two_committees','community','service_record','create');
INSERT INTO role_permission VALUES(209,1,'two_committees','community','volunteer','create');
INSERT INTO role_permission VALUES(210,1,'two_committees','community','volunteer_team','create');
INSERT INTO role_permission VALUES(211,1,'leading_group','*','activity','read');
INSERT INTO role_permission VALUES(212,1,'leading_group','*','catalogue','read');
INSERT INTO role_permission VALUES(213,1,'leading_group','*','community_fund','read');
INSERT INTO role_permission VALUES(214,1,'leading_group','*','community_profile','read');
INSERT INTO role_permission VALUES(215,1,'leading_group','*','donation','read');
INSERT INTO role_permission VALUES(216,1,'leading_group','*','indicator','read');
INSERT INTO role_permission VALUES(217,1,'leading_group','*','region','read');
INSERT INTO role_permission VALUES(218,1,'leading_group','*','service_record','read');
INSERT INTO role_permission VALUES(219,1,'leading_group','*','social_organization','read');
INSERT INTO role_permission VALUES(220,1,'leading_group','*','social_worker','read');
INSERT INTO role_permission VALUES(221,1,'leading_group','*','target','read');
INSERT INTO role_permission VALUES(222,1,'leading_group','*','volunteer','read');
INSERT INTO role_permission VALUES(223,1,'leading_group','*','volunteer_team','read');
INSERT INTO role_permission VALUES(224,1,'civil_affairs_office','*','activity','read');
INSERT INTO role_permission VALUES(225,1,'civil_affairs_office','*','catalogue','read');
INSERT INTO role_permission VALUES(226,1,'civil_affairs_office','*','community_fund','read');
INSERT INTO role_permission VALUES(227,1,'civil_affairs_office','*','community_profile','read');
INSERT INTO role_permission VALUES(228,1,'civil_affairs_office','*','donation','read');
INSERT INTO role_permission VALUES(229,1,'civil_affairs_office','*','form','read');
INSERT INTO role_permission VALUES(230,1,'civil_affairs_office','*','form','review');
INSERT INTO role_permission VALUES(231,1,'civil_affairs_office','*','indicator','read');
INSERT INTO role_permission VALUES(232,1,'civil_affairs_office','*','region','read');
INSERT INTO role_permission VALUES(233,1,'civil_affairs_office','*','rule','run');
INSERT INTO role_permission VALUES(234,1,'civil_affairs_office','*','service_record','read');
INSERT INTO role_permission VALUES(235,1,'civil_affairs_office','*','social_organization','read');
INSERT INTO role_permission VALUES(236,1,'civil_affairs_office','*','social_worker','read');
INSERT INTO role_permission VALUES(237,1,'civil_affairs_office','*','target','read');
INSERT INTO role_permission VALUES(238,1,'civil_affairs_office','*','volunteer','read');
INSERT INTO role_permission VALUES(239,1,'civil_affairs_office','*','volunteer_team','read');
INSERT INTO role_permission VALUES(240,1,'civil_affairs_office','community','case','read');
INSERT INTO role_permission VALUES(241,1,'civil_affairs_office','community','community_profile','update');
INSERT INTO role_permission VALUES(242,1,'civil_affairs_office','community','region','create');
INSERT INTO role_permission VALUES(243,1,'civil_affairs_office','community','region','update');
INSERT INTO role_permission VALUES(244,1,'civil_affairs_office','community','social_organization','create');
INSERT INTO role_permission VALUES(245,1,'civil_affairs_office','community','social_organization','update');
INSERT INTO role_permission VALUES(246,1,'civil_affairs_office','community','social_worker','create');
INSERT INTO role_permission VALUES(247,1,'civil_affairs_office','community','social_worker','update');
INSERT INTO role_permission VALUES(248,1,'civil_affairs_office','street','case','read');
INSERT INTO role_permission VALUES(249,1,'civil_affairs_office','street','region','update');
INSERT INTO role_permission VALUES(250,1,'civil_affairs_office','street','social_organization','create');
INSERT INTO role_permission VALUES(251,1,'civil_affairs_office','street','social_organization','update');
INSERT INTO role_permission VALUES(252,1,'civil_affairs_office','street','social_worker','create');
INSERT INTO role_permission VALUES(253,1,'civil_affairs_office','street','social_worker','update');
INSERT INTO role_permission VALUES(254,1,'social_security_office','*','activity','read');
INSERT INTO role_permission VALUES(255,1,'social_security_office','*','catalogue','read');
INSERT INTO role_permission VALUES(256,1,'social_security_office','*','community_fund','read');
INSERT INTO role_permission VALUES(257,1,'social_security_office','*','community_profile','read');
INSERT INTO role_permission VALUES(258,1,'social_security_office','*','donation','read');
INSERT INTO role_permission VALUES(259,1,'social_security_office','*','form','read');
INSERT INTO role_permission VALUES(260,1,'social_security_office','*','form','review');
INSERT INTO role_permission VALUES(261,1,'social_security_office','*','indicator','read');
INSERT INTO role_permission VALUES(262,1,'social_security_office','*','region','read');
INSERT INTO role_permission VALUES(263,1,'social_security_office','*','rule','run');
INSERT INTO role_permission VALUES(264,1,'social_security_office','*','service_record','read');
INSERT INTO role_permission VALUES(265,1,'social_security_office','*','social_organization','read');
INSERT INTO role_permission VALUES(266,1,'social_security_office','*','social_worker','read');
INSERT INTO role_permission VALUES(267,1,'social_security_office','*','target','read');
INSERT INTO role_permission VALUES(268,1,'social_security_office','*','volunteer','read');
INSERT INTO role_permission VALUES(269,1,'social_security_office','*','volunteer_team','read');
INSERT INTO role_permission VALUES(270,1,'social_security_office','community','case','read');
INSERT INTO role_permission VALUES(271,1,'social_security_office','community','community_profile','update');
INSERT INTO role_permission VALUES(272,1,'social_security_office','community','region','create');
INSERT INTO role_permission VALUES(273,1,'social_security_office','community','region','update');
INSERT INTO role_permission VALUES(274,1,'social_security_office','community','social_organization','create');
INSERT INTO role_permission VALUES(275,1,'social_security_office','community','social_organization','update');
INSERT INTO role_permission VALUES(276,1,'social_security_office','community','social_worker','create');
INSERT INTO role_permission VALUES(277,1,'social_security_office','community','social_worker','update');
INSERT INTO role_permission VALUES(278,1,'social_security_office','street','case','read');
INSERT INTO role_permission VALUES(279,1,'social_security_office','street','region','update');
INSERT INTO role_permission VALUES(280,1,'social_security_office','street','social_organization','create');
INSERT INTO role_permission VALUES(281,1,'social_security_office','street','social_organization','update');
INSERT INTO role_permission VALUES(282,1,'social_security_office','street','social_worker','create');
INSERT INTO role_permission VALUES(283,1,'social_security_office','street','social_worker','update');
INSERT INTO role_permission VALUES(284,1,'social_work_station','*','activity','read');
INSERT INTO role_permission VALUES(285,1,'social_work_station','*','catalogue','read');
INSERT INTO role_permission VALUES(286,1,'social_work_station','*','community_fund','read');
INSERT INTO role_permission VALUES(287,1,'social_work_station','*','community_profile','read');
INSERT INTO role_permission VALUES(288,1,'social_work_station','*','donation','read');
INSERT INTO role_permission VALUES(289,1,'social_work_station','*','form','read');
INSERT INTO role_permission VALUES(290,1,'social_work_station','*','form','review');
INSERT INTO role_permission VALUES(291,1,'social_work_station','*','indicator','read');
INSERT INTO role_permission VALUES(292,1,'social_work_station','*','region','read');
INSERT INTO role_permission VALUES(293,1,'social_work_station','*','service_record','read');
INSERT INTO role_permission VALUES(294,1,'social_work_station','*','social_organization','read');
INSERT INTO role_permission VALUES(295,1,'social_work_station','*','social_worker','read');
INSERT INTO role_permission VALUES(296,1,'social_work_station','*','target','read');
INSERT INTO role_permission VALUES(297,1,'social_work_station','*','volunteer','read');
INSERT INTO role_permission VALUES(298,1,'social_work_station','*','volunteer_team','read');
INSERT INTO role_permission VALUES(299,1,'social_work_station','community','activity','create');
INSERT INTO role_permission VALUES(300,1,'social_work_station','community','activity','update');
INSERT INTO role_permission VALUES(301,1,'social_work_station','community','case','read');
INSERT INTO role_permission VALUES(302,1,'social_work_station','community','chongqing_consultation','resolve');
INSERT INTO role_permission VALUES(303,1,'social_work_station','community','donation','create');
INSERT INTO role_permission VALUES(304,1,'social_work_station','community','form','submit');
INSERT INTO role_permission VALUES(305,1,'social_work_station','community','personal_data','read_full');
INSERT INTO role_permission VALUES(306,1,'social_work_station','community','service_record','create');
INSERT INTO role_permission VALUES(307,1,'social_work_station','community','social_organization','create');
INSERT INTO role_permission VALUES(308,1,'social_work_station','community','social_organization','update');
INSERT INTO role_permission VALUES(309,1,'social_work_station','street','activity','create');
INSERT INTO role_permission VALUES(310,1,'social_work_station','street','activity','update');
INSERT INTO role_permission VALUES(311,1,'social_work_station','street','case','read');
INSERT INTO role_permission VALUES(312,1,'social_work_station','street','donation','create');
INSERT INTO role_permission VALUES(313,1,'social_work_station','street','form','submit');
INSERT INTO role_permission VALUES(314,1,'social_work_station','street','social_organization','create');
INSERT INTO role_permission VALUES(315,1,'social_work_station','street','social_organization','update');
CREATE TABLE audit_event (
	id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	tenant_id INTEGER, 
	actor VARCHAR(64) NOT NULL, 
	action VARCHAR(64) NOT NULL, 
	target VARCHAR(300) NOT NULL, 
	"before" JSON, 
	"after" JSON, 
	PRIMARY KEY (id), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id)
);
INSERT INTO audit_event VALUES(1,'2026-12-05 03:51:39.978218',1,'admin','personal_data.id_number_set','SocialWorker:1.idNumber','null','{"field": "idNumber"}');
CREATE TABLE region (
	id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	parent_id INTEGER, 
	code VARCHAR(64) NOT NULL, 
	name VARCHAR(100) NOT NULL, 
	tier VARCHAR(32) NOT NULL, 
	kind VARCHAR(32), 
	resident_population INTEGER, 
	urban_population INTEGER, 
	population_year INTEGER, 
	path VARCHAR(400) NOT NULL, 
	depth INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	division_code VARCHAR(12), 
	attributes JSON NOT NULL, 
	source VARCHAR(200), 
	maintained JSON DEFAULT '[]' NOT NULL, 
	province_id INTEGER, 
	city_id INTEGER, 
	district_id INTEGER, 
	street_id INTEGER, 
	community_id INTEGER, 
	PRIMARY KEY (id), 
	UNIQUE (parent_id, code), 
	CONSTRAINT urban_le_resident CHECK (urban_population IS NULL OR resident_population IS NULL OR urban_population <= resident_population), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id), 
	FOREIGN KEY(parent_id) REFERENCES region (id), 
	UNIQUE (path)
);
INSERT INTO region VALUES(1,1,NULL,'chongqing','重庆市','city',NULL,NULL,NULL,NULL,'chongqing',0,1,'500000','{}','渝民发〔2022〕7号 发文机关（重庆市民政局）','[]',NULL,1,NULL,NULL,NULL);
INSERT INTO region VALUES(2,1,1,'wanzhou','万州区','district',NULL,NULL,NULL,NULL,'chongqing/wanzhou',1,1,'500101','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,2,NULL,NULL);
INSERT INTO region VALUES(3,1,1,'qianjiang','黔江区','district',NULL,NULL,NULL,NULL,'chongqing/qianjiang',1,2,'500114','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,3,NULL,NULL);
INSERT INTO region VALUES(4,1,1,'fuling','涪陵区','district',NULL,NULL,NULL,NULL,'chongqing/fuling',1,3,'500102','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,4,NULL,NULL);
INSERT INTO region VALUES(5,1,1,'yuzhong','渝中区','district',NULL,NULL,NULL,NULL,'chongqing/yuzhong',1,4,'500103','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,5,NULL,NULL);
INSERT INTO region VALUES(6,1,1,'dadukou','大渡口区','district',NULL,NULL,NULL,NULL,'chongqing/dadukou',1,5,'500104','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,6,NULL,NULL);
INSERT INTO region VALUES(7,1,1,'jiangbei','江北区','district',NULL,NULL,NULL,NULL,'chongqing/jiangbei',1,6,'500105','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,7,NULL,NULL);
INSERT INTO region VALUES(8,1,1,'shapingba','沙坪坝区','district',NULL,NULL,NULL,NULL,'chongqing/shapingba',1,7,'500106','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,8,NULL,NULL);
INSERT INTO region VALUES(9,1,1,'jiulongpo','九龙坡区','district',NULL,NULL,NULL,NULL,'chongqing/jiulongpo',1,8,'500107','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,9,NULL,NULL);
INSERT INTO region VALUES(10,1,1,'nanan','南岸区','district',NULL,NULL,NULL,NULL,'chongqing/nanan',1,9,'500108','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,10,NULL,NULL);
INSERT INTO region VALUES(11,1,1,'beibei','北碚区','district',NULL,NULL,NULL,NULL,'chongqing/beibei',1,10,'500109','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,11,NULL,NULL);
INSERT INTO region VALUES(12,1,1,'qijiang','綦江区','district',NULL,NULL,NULL,NULL,'chongqing/qijiang',1,11,'500110','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,12,NULL,NULL);
INSERT INTO region VALUES(13,1,1,'dazu','大足区','district',NULL,NULL,NULL,NULL,'chongqing/dazu',1,12,'500111','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,13,NULL,NULL);
INSERT INTO region VALUES(14,1,1,'yubei','渝北区','district',NULL,NULL,NULL,NULL,'chongqing/yubei',1,13,'500112','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,14,NULL,NULL);
INSERT INTO region VALUES(15,1,1,'banan','巴南区','district',NULL,NULL,NULL,NULL,'chongqing/banan',1,14,'500113','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,15,NULL,NULL);
INSERT INTO region VALUES(16,1,1,'changshou','长寿区','district',NULL,NULL,NULL,NULL,'chongqing/changshou',1,15,'500115','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,16,NULL,NULL);
INSERT INTO region VALUES(17,1,1,'jiangjin','江津区','district',NULL,NULL,NULL,NULL,'chongqing/jiangjin',1,16,'500116','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,17,NULL,NULL);
INSERT INTO region VALUES(18,1,1,'hechuan','合川区','district',NULL,NULL,NULL,NULL,'chongqing/hechuan',1,17,'500117','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,18,NULL,NULL);
INSERT INTO region VALUES(19,1,1,'yongchuan','永川区','district',NULL,NULL,NULL,NULL,'chongqing/yongchuan',1,18,'500118','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,19,NULL,NULL);
INSERT INTO region VALUES(20,1,1,'nanchuan','南川区','district',NULL,NULL,NULL,NULL,'chongqing/nanchuan',1,19,'500119','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,20,NULL,NULL);
INSERT INTO region VALUES(21,1,1,'bishan','璧山区','district',NULL,NULL,NULL,NULL,'chongqing/bishan',1,20,'500120','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,21,NULL,NULL);
INSERT INTO region VALUES(22,1,1,'tongliang','铜梁区','district',NULL,NULL,NULL,NULL,'chongqing/tongliang',1,21,'500151','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,22,NULL,NULL);
INSERT INTO region VALUES(23,1,1,'tongnan','潼南区','district',NULL,NULL,NULL,NULL,'chongqing/tongnan',1,22,'500152','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,23,NULL,NULL);
INSERT INTO region VALUES(24,1,1,'rongchang','荣昌区','district',NULL,NULL,NULL,NULL,'chongqing/rongchang',1,23,'500153','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,24,NULL,NULL);
INSERT INTO region VALUES(25,1,1,'kaizhou','开州区','district',NULL,NULL,NULL,NULL,'chongqing/kaizhou',1,24,'500154','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,25,NULL,NULL);
INSERT INTO region VALUES(26,1,1,'liangping','梁平区','district',NULL,NULL,NULL,NULL,'chongqing/liangping',1,25,'500155','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,26,NULL,NULL);
INSERT INTO region VALUES(27,1,1,'wulong','武隆区','district',NULL,NULL,NULL,NULL,'chongqing/wulong',1,26,'500156','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,27,NULL,NULL);
INSERT INTO region VALUES(28,1,1,'chengkou','城口县','district',NULL,NULL,NULL,NULL,'chongqing/chengkou',1,27,'500229','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,28,NULL,NULL);
INSERT INTO region VALUES(29,1,1,'fengdu','丰都县','district',NULL,NULL,NULL,NULL,'chongqing/fengdu',1,28,'500230','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,29,NULL,NULL);
INSERT INTO region VALUES(30,1,1,'dianjiang','垫江县','district',NULL,NULL,NULL,NULL,'chongqing/dianjiang',1,29,'500231','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,30,NULL,NULL);
INSERT INTO region VALUES(31,1,1,'zhong','忠县','district',NULL,NULL,NULL,NULL,'chongqing/zhong',1,30,'500233','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,31,NULL,NULL);
INSERT INTO region VALUES(32,1,1,'yunyang','云阳县','district',NULL,NULL,NULL,NULL,'chongqing/yunyang',1,31,'500235','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,32,NULL,NULL);
INSERT INTO region VALUES(33,1,1,'fengjie','奉节县','district',NULL,NULL,NULL,NULL,'chongqing/fengjie',1,32,'500236','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,33,NULL,NULL);
INSERT INTO region VALUES(34,1,1,'wushan','巫山县','district',NULL,NULL,NULL,NULL,'chongqing/wushan',1,33,'500237','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,34,NULL,NULL);
INSERT INTO region VALUES(35,1,1,'wuxi','巫溪县','district',NULL,NULL,NULL,NULL,'chongqing/wuxi',1,34,'500238','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,35,NULL,NULL);
INSERT INTO region VALUES(36,1,1,'shizhu','石柱土家族自治县','district',NULL,NULL,NULL,NULL,'chongqing/shizhu',1,35,'500240','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,36,NULL,NULL);
INSERT INTO region VALUES(37,1,1,'xiushan','秀山土家族苗族自治县','district',NULL,NULL,NULL,NULL,'chongqing/xiushan',1,36,'500241','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,37,NULL,NULL);
INSERT INTO region VALUES(38,1,1,'youyang','酉阳土家族苗族自治县','district',NULL,NULL,NULL,NULL,'chongqing/youyang',1,37,'500242','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,38,NULL,NULL);
INSERT INTO region VALUES(39,1,1,'pengshui','彭水苗族土家族自治县','district',NULL,NULL,NULL,NULL,'chongqing/pengshui',1,38,'500243','{}','渝民发〔2022〕7号 主送：各区县（自治县）民政局','[]',NULL,1,39,NULL,NULL);
INSERT INTO region VALUES(40,1,1,'liangjiang','两江新区','district',NULL,NULL,NULL,NULL,'chongqing/liangjiang',1,39,NULL,'{}','渝民发〔2022〕7号 主送：两江新区社会保障局','[]',NULL,1,40,NULL,NULL);
INSERT INTO region VALUES(41,1,1,'gaoxin','西部科学城重庆高新区','district',NULL,NULL,NULL,NULL,'chongqing/gaoxin',1,40,NULL,'{}','渝民发〔2022〕7号 主送：西部科学城重庆高新区公共服务局','[]',NULL,1,41,NULL,NULL);
INSERT INTO region VALUES(42,1,1,'wansheng','万盛经济技术开发区','district',NULL,NULL,NULL,NULL,'chongqing/wansheng',1,41,NULL,'{}','渝民发〔2022〕7号 主送：万盛经开区民政局','[]',NULL,1,42,NULL,NULL);
INSERT INTO region VALUES(43,1,3,'zhengyang','正阳街道','street',NULL,NULL,NULL,NULL,'chongqing/qianjiang/zhengyang',2,1,NULL,'{}','正阳办事处发〔2022〕95号 发文机关（黔江区人民政府正阳街道办事处）','[]',NULL,1,3,43,NULL);
INSERT INTO region VALUES(44,1,43,'chaoyang','朝阳社区','community','urban',NULL,NULL,NULL,'chongqing/qianjiang/zhengyang/chaoyang',3,1,NULL,'{}','正阳办事处发〔2022〕95号 二','[]',NULL,1,3,43,44);
INSERT INTO region VALUES(45,1,43,'qunli','群力社区','community','urban',NULL,NULL,NULL,'chongqing/qianjiang/zhengyang/qunli',3,2,NULL,'{}','正阳办事处发〔2022〕95号 二','[]',NULL,1,3,43,45);
INSERT INTO region VALUES(46,1,43,'tongping','桐坪社区','community','urban',NULL,NULL,NULL,'chongqing/qianjiang/zhengyang/tongping',3,3,NULL,'{}','正阳办事处发〔2022〕95号 二','[]',NULL,1,3,43,46);
INSERT INTO region VALUES(47,1,43,'jifu','积富社区','community','urban',NULL,NULL,NULL,'chongqing/qianjiang/zhengyang/jifu',3,4,NULL,'{}','正阳办事处发〔2022〕95号 二','[]',NULL,1,3,43,47);
INSERT INTO region VALUES(48,1,43,'tuanjie','团结社区','community','urban',NULL,NULL,NULL,'chongqing/qianjiang/zhengyang/tuanjie',3,5,NULL,'{}','正阳办事处发〔2022〕95号 二','[]',NULL,1,3,43,48);
CREATE TABLE tenant_plugin (
	id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	plugin VARCHAR(64) NOT NULL, 
	enabled BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (tenant_id, plugin), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id)
);
INSERT INTO tenant_plugin VALUES(1,1,'chongqing',1);
INSERT INTO tenant_plugin VALUES(2,1,'qianjiang',1);
CREATE TABLE sign_in_throttle (
	kind VARCHAR(32) NOT NULL, 
	subject VARCHAR(64) NOT NULL, 
	tenant_id INTEGER, 
	failures INTEGER NOT NULL, 
	window_started_at DATETIME NOT NULL, 
	last_failure_at DATETIME NOT NULL, 
	locks INTEGER NOT NULL, 
	locked_until DATETIME, 
	version INTEGER NOT NULL, 
	PRIMARY KEY (kind, subject), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id)
);
CREATE TABLE app_user (
	id INTEGER NOT NULL, 
	username VARCHAR(64) NOT NULL, 
	display_name VARCHAR(100) NOT NULL, 
	tenant_id INTEGER, 
	kind VARCHAR(32) NOT NULL, 
	is_platform_admin BOOLEAN NOT NULL, 
	is_active BOOLEAN NOT NULL, 
	password_hash VARCHAR(255), 
	tokens_valid_after DATETIME, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (username), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id)
);
INSERT INTO app_user VALUES(1,'admin','平台管理员',NULL,'person',1,1,NULL,NULL,'2026-12-05 03:51:37.892095');
CREATE TABLE indicator_baseline (
	id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	region_id INTEGER NOT NULL, 
	indicator VARCHAR(64) NOT NULL, 
	year INTEGER NOT NULL, 
	value NUMERIC(24, 6) NOT NULL, 
	source VARCHAR(200) NOT NULL, 
	set_by VARCHAR(64) NOT NULL, 
	set_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (region_id, indicator, year), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id), 
	FOREIGN KEY(region_id) REFERENCES region (id)
);
CREATE TABLE case_record (
	id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	region_id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	case_type VARCHAR(64) NOT NULL, 
	plugin VARCHAR(64) NOT NULL, 
	state VARCHAR(64) NOT NULL, 
	version INTEGER NOT NULL, 
	title VARCHAR(200) NOT NULL, 
	data JSON NOT NULL, 
	parent_id INTEGER, 
	due_on DATE, 
	terminal BOOLEAN NOT NULL, 
	opened_by VARCHAR(64) NOT NULL, 
	closed_at DATETIME, 
	retain_until DATE, 
	PRIMARY KEY (id), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id), 
	FOREIGN KEY(region_id) REFERENCES region (id), 
	FOREIGN KEY(parent_id) REFERENCES case_record (id)
);
CREATE TABLE community_profile (
	id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	region_id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	has_social_work_room BOOLEAN NOT NULL, 
	has_volunteer_station BOOLEAN NOT NULL, 
	has_party_service_center BOOLEAN NOT NULL, 
	has_elderly_station BOOLEAN NOT NULL, 
	demonstration VARCHAR(32) NOT NULL, 
	demonstration_since DATE, 
	volunteer_station_since DATE, 
	social_work_room_since DATE, 
	PRIMARY KEY (id), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id), 
	UNIQUE (region_id), 
	FOREIGN KEY(region_id) REFERENCES region (id)
);
CREATE TABLE emergency (
	id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	region_id INTEGER NOT NULL, 
	reason VARCHAR(500) NOT NULL, 
	started_by VARCHAR(64) NOT NULL, 
	starts_at DATETIME NOT NULL, 
	ends_at DATETIME NOT NULL, 
	ended_at DATETIME, 
	ended_by VARCHAR(64), 
	PRIMARY KEY (id), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id), 
	FOREIGN KEY(region_id) REFERENCES region (id)
);
CREATE TABLE social_organization (
	valid_from DATE DEFAULT CURRENT_DATE NOT NULL, 
	valid_to DATE, 
	id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	region_id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	name VARCHAR NOT NULL, 
	org_type VARCHAR(32) NOT NULL, 
	registration VARCHAR(32) NOT NULL, 
	credit_code VARCHAR(18), 
	grade INTEGER, 
	full_time_staff INTEGER NOT NULL, 
	has_party_organization BOOLEAN NOT NULL, 
	public_fundraising BOOLEAN NOT NULL, 
	charity_focus BOOLEAN NOT NULL, 
	on_dishonesty_list BOOLEAN NOT NULL, 
	has_administrative_penalty BOOLEAN NOT NULL, 
	established_on DATE, 
	PRIMARY KEY (id), 
	UNIQUE (tenant_id, credit_code), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id), 
	FOREIGN KEY(region_id) REFERENCES region (id)
);
INSERT INTO social_organization VALUES('2019-05-01',NULL,1,1,43,'2026-12-05 03:51:39.425342','2026-12-05 03:51:39.425364','正阳街道社会工作服务中心','social_work_agency','registered','51500000MJP5000008',5,6,0,0,0,0,0,'2019-05-01');
CREATE TABLE role_assignment (
	id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	role_id INTEGER NOT NULL, 
	region_id INTEGER NOT NULL, 
	granted_by INTEGER, 
	granted_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (user_id, role_id, region_id), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id), 
	FOREIGN KEY(user_id) REFERENCES app_user (id), 
	FOREIGN KEY(role_id) REFERENCES role (id), 
	FOREIGN KEY(region_id) REFERENCES region (id), 
	FOREIGN KEY(granted_by) REFERENCES app_user (id)
);
CREATE TABLE region_summary (
	region_id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	volunteers BIGINT NOT NULL, 
	registered_volunteers BIGINT NOT NULL, 
	volunteer_teams BIGINT NOT NULL, 
	social_workers BIGINT NOT NULL, 
	certified_social_workers BIGINT NOT NULL, 
	community_workers BIGINT NOT NULL, 
	certified_community_workers BIGINT NOT NULL, 
	station_social_workers BIGINT NOT NULL, 
	station_full_time_social_workers BIGINT NOT NULL, 
	social_organizations BIGINT NOT NULL, 
	community_social_organizations BIGINT NOT NULL, 
	charity_social_organizations BIGINT NOT NULL, 
	charity_organizations BIGINT NOT NULL, 
	hub_organizations BIGINT NOT NULL, 
	organization_full_time_staff BIGINT NOT NULL, 
	community_funds BIGINT NOT NULL, 
	volunteer_station BIGINT NOT NULL, 
	social_work_room BIGINT NOT NULL, 
	demonstration_site BIGINT NOT NULL, 
	creation_point BIGINT NOT NULL, 
	PRIMARY KEY (region_id), 
	FOREIGN KEY(region_id) REFERENCES region (id), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id)
);
INSERT INTO region_summary VALUES(43,1,0,0,0,1,1,0,0,1,1,1,0,0,0,0,6,0,0,0,0,0);
INSERT INTO region_summary VALUES(44,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0);
CREATE TABLE region_year_summary (
	region_id INTEGER NOT NULL, 
	year INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	sessions BIGINT NOT NULL, 
	person_times BIGINT NOT NULL, 
	service_records BIGINT NOT NULL, 
	service_minutes BIGINT NOT NULL, 
	active_volunteers BIGINT NOT NULL, 
	fund_raised_fen BIGINT NOT NULL, 
	donations_fen BIGINT NOT NULL, 
	new_demonstration_sites BIGINT NOT NULL, 
	PRIMARY KEY (region_id, year), 
	FOREIGN KEY(region_id) REFERENCES region (id), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id)
);
CREATE TABLE subtree_summary (
	region_id INTEGER NOT NULL, 
	year INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	communities BIGINT NOT NULL, 
	urban_communities BIGINT NOT NULL, 
	rural_communities BIGINT NOT NULL, 
	streets BIGINT NOT NULL, 
	resident_population BIGINT NOT NULL, 
	urban_population BIGINT NOT NULL, 
	communities_with_volunteer_station BIGINT NOT NULL, 
	communities_with_charity_organization BIGINT NOT NULL, 
	communities_with_social_work BIGINT NOT NULL, 
	urban_communities_with_hub BIGINT NOT NULL, 
	streets_with_station BIGINT NOT NULL, 
	demonstration_sites BIGINT NOT NULL, 
	creation_points BIGINT NOT NULL, 
	communities_with_social_work_room BIGINT NOT NULL, 
	registered_volunteers_with_population BIGINT NOT NULL, 
	communities_without_population BIGINT NOT NULL, 
	community_workers_with_urban_population BIGINT NOT NULL, 
	communities_without_urban_population BIGINT NOT NULL, 
	volunteers BIGINT NOT NULL, 
	registered_volunteers BIGINT NOT NULL, 
	volunteer_teams BIGINT NOT NULL, 
	social_workers BIGINT NOT NULL, 
	certified_social_workers BIGINT NOT NULL, 
	community_workers BIGINT NOT NULL, 
	certified_community_workers BIGINT NOT NULL, 
	station_social_workers BIGINT NOT NULL, 
	station_full_time_social_workers BIGINT NOT NULL, 
	social_organizations BIGINT NOT NULL, 
	community_social_organizations BIGINT NOT NULL, 
	charity_social_organizations BIGINT NOT NULL, 
	charity_organizations BIGINT NOT NULL, 
	hub_organizations BIGINT NOT NULL, 
	organization_full_time_staff BIGINT NOT NULL, 
	community_funds BIGINT NOT NULL, 
	sessions BIGINT NOT NULL, 
	person_times BIGINT NOT NULL, 
	service_records BIGINT NOT NULL, 
	service_minutes BIGINT NOT NULL, 
	active_volunteers BIGINT NOT NULL, 
	fund_raised_fen BIGINT NOT NULL, 
	donations_fen BIGINT NOT NULL, 
	new_demonstration_sites BIGINT NOT NULL, 
	stamp BIGINT DEFAULT '0' NOT NULL, 
	PRIMARY KEY (region_id, year), 
	FOREIGN KEY(region_id) REFERENCES region (id) ON DELETE CASCADE, 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id)
);
INSERT INTO subtree_summary VALUES(1,0,1,5,5,0,1,0,0,0,0,0,0,1,0,0,0,0,5,0,5,1,0,0,1,1,0,0,1,1,1,0,0,0,0,6,0,0,0,0,0,0,0,0,0,1921021003516586075);
INSERT INTO subtree_summary VALUES(2,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(3,0,1,5,5,0,1,0,0,0,0,0,0,1,0,0,0,0,5,0,5,1,0,0,1,1,0,0,1,1,1,0,0,0,0,6,0,0,0,0,0,0,0,0,0,1921021003516586075);
INSERT INTO subtree_summary VALUES(4,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(5,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(6,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(7,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(8,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(9,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(10,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(11,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(12,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(13,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(14,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(15,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(16,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(17,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(18,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(19,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(20,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(21,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(22,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(23,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(24,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(25,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(26,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(27,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(28,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(29,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(30,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(31,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(32,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(33,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(34,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(35,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(36,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(37,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(38,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(39,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(40,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(41,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(42,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(43,0,1,5,5,0,1,0,0,0,0,0,0,1,0,0,0,0,5,0,5,1,0,0,1,1,0,0,1,1,1,0,0,0,0,6,0,0,0,0,0,0,0,0,0,1921021003516586075);
INSERT INTO subtree_summary VALUES(44,0,1,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,1,0,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1921021003516586075);
INSERT INTO subtree_summary VALUES(45,0,1,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,1,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(46,0,1,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,1,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(47,0,1,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,1,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
INSERT INTO subtree_summary VALUES(48,0,1,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,1,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,291764585571217934);
CREATE TABLE summary_stamp (
	region_id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	stamp BIGINT NOT NULL, 
	PRIMARY KEY (region_id), 
	FOREIGN KEY(region_id) REFERENCES region (id) ON DELETE CASCADE, 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id)
);
INSERT INTO summary_stamp VALUES(43,1,2746042770460325197);
INSERT INTO summary_stamp VALUES(44,1,183087428570155980);
CREATE TABLE stock_snapshot (
	day DATE NOT NULL, 
	region_id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	stamp BIGINT NOT NULL, 
	present BOOLEAN NOT NULL, 
	volunteers BIGINT NOT NULL, 
	registered_volunteers BIGINT NOT NULL, 
	volunteer_teams BIGINT NOT NULL, 
	social_workers BIGINT NOT NULL, 
	certified_social_workers BIGINT NOT NULL, 
	community_workers BIGINT NOT NULL, 
	certified_community_workers BIGINT NOT NULL, 
	station_social_workers BIGINT NOT NULL, 
	station_full_time_social_workers BIGINT NOT NULL, 
	social_organizations BIGINT NOT NULL, 
	community_social_organizations BIGINT NOT NULL, 
	charity_social_organizations BIGINT NOT NULL, 
	charity_organizations BIGINT NOT NULL, 
	hub_organizations BIGINT NOT NULL, 
	organization_full_time_staff BIGINT NOT NULL, 
	community_funds BIGINT NOT NULL, 
	volunteer_station BIGINT NOT NULL, 
	social_work_room BIGINT NOT NULL, 
	demonstration_site BIGINT NOT NULL, 
	creation_point BIGINT NOT NULL, 
	PRIMARY KEY (day, region_id), 
	FOREIGN KEY(region_id) REFERENCES region (id) ON DELETE CASCADE, 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id)
);
CREATE TABLE subtree_snapshot (
	day DATE NOT NULL, 
	region_id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	stamp BIGINT NOT NULL, 
	communities BIGINT NOT NULL, 
	urban_communities BIGINT NOT NULL, 
	rural_communities BIGINT NOT NULL, 
	streets BIGINT NOT NULL, 
	resident_population BIGINT NOT NULL, 
	urban_population BIGINT NOT NULL, 
	communities_with_volunteer_station BIGINT NOT NULL, 
	communities_with_charity_organization BIGINT NOT NULL, 
	communities_with_social_work BIGINT NOT NULL, 
	urban_communities_with_hub BIGINT NOT NULL, 
	streets_with_station BIGINT NOT NULL, 
	demonstration_sites BIGINT NOT NULL, 
	creation_points BIGINT NOT NULL, 
	communities_with_social_work_room BIGINT NOT NULL, 
	registered_volunteers_with_population BIGINT NOT NULL, 
	communities_without_population BIGINT NOT NULL, 
	community_workers_with_urban_population BIGINT NOT NULL, 
	communities_without_urban_population BIGINT NOT NULL, 
	volunteers BIGINT NOT NULL, 
	registered_volunteers BIGINT NOT NULL, 
	volunteer_teams BIGINT NOT NULL, 
	social_workers BIGINT NOT NULL, 
	certified_social_workers BIGINT NOT NULL, 
	community_workers BIGINT NOT NULL, 
	certified_community_workers BIGINT NOT NULL, 
	station_social_workers BIGINT NOT NULL, 
	station_full_time_social_workers BIGINT NOT NULL, 
	social_organizations BIGINT NOT NULL, 
	community_social_organizations BIGINT NOT NULL, 
	charity_social_organizations BIGINT NOT NULL, 
	charity_organizations BIGINT NOT NULL, 
	hub_organizations BIGINT NOT NULL, 
	organization_full_time_staff BIGINT NOT NULL, 
	community_funds BIGINT NOT NULL, 
	PRIMARY KEY (day, region_id), 
	FOREIGN KEY(region_id) REFERENCES region (id) ON DELETE CASCADE, 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id)
);
CREATE TABLE revoked_token (
	jti VARCHAR(64) NOT NULL, 
	user_id INTEGER NOT NULL, 
	expires_at DATETIME NOT NULL, 
	PRIMARY KEY (jti), 
	FOREIGN KEY(user_id) REFERENCES app_user (id)
);
CREATE TABLE target_verdict (
	id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	region_id INTEGER NOT NULL, 
	plugin VARCHAR(64) NOT NULL, 
	scope VARCHAR(400) NOT NULL, 
	target_key VARCHAR(64) NOT NULL, 
	indicator VARCHAR(64) NOT NULL, 
	comparator VARCHAR(2) NOT NULL, 
	threshold VARCHAR(40) NOT NULL, 
	deadline DATE NOT NULL, 
	year INTEGER NOT NULL, 
	judged_on DATE NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	value FLOAT, 
	numerator FLOAT, 
	denominator FLOAT, 
	regions_judged INTEGER, 
	regions_meeting INTEGER, 
	regions_no_data INTEGER, 
	left_out INTEGER, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_target_verdict UNIQUE (region_id, plugin, scope, target_key, deadline), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id), 
	FOREIGN KEY(region_id) REFERENCES region (id)
);
CREATE TABLE case_party (
	id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	case_id INTEGER NOT NULL, 
	part VARCHAR(64) NOT NULL, 
	user_id INTEGER, 
	organization_id INTEGER, 
	active BOOLEAN NOT NULL, 
	added_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT ck_case_party_one_of CHECK ((user_id IS NULL) <> (organization_id IS NULL)), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id), 
	FOREIGN KEY(case_id) REFERENCES case_record (id), 
	FOREIGN KEY(user_id) REFERENCES app_user (id), 
	FOREIGN KEY(organization_id) REFERENCES social_organization (id)
);
CREATE TABLE organization_member (
	id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	organization_id INTEGER NOT NULL, 
	added_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (user_id, organization_id), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id), 
	FOREIGN KEY(user_id) REFERENCES app_user (id), 
	FOREIGN KEY(organization_id) REFERENCES social_organization (id)
);
CREATE TABLE organization_sanction (
	id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	organization_id INTEGER NOT NULL, 
	kind VARCHAR(32) NOT NULL, 
	starts_on DATE NOT NULL, 
	ends_on DATE, 
	reason VARCHAR(500) NOT NULL, 
	source VARCHAR(200) NOT NULL, 
	case_id INTEGER, 
	recorded_by VARCHAR(64) NOT NULL, 
	at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id), 
	FOREIGN KEY(organization_id) REFERENCES social_organization (id), 
	FOREIGN KEY(case_id) REFERENCES case_record (id)
);
CREATE TABLE community_fund (
	valid_from DATE DEFAULT CURRENT_DATE NOT NULL, 
	valid_to DATE, 
	id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	region_id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	name VARCHAR NOT NULL, 
	host_organization_id INTEGER NOT NULL, 
	established_on DATE, 
	PRIMARY KEY (id), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id), 
	FOREIGN KEY(region_id) REFERENCES region (id), 
	FOREIGN KEY(host_organization_id) REFERENCES social_organization (id)
);
CREATE TABLE dispatch (
	id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	region_id INTEGER NOT NULL, 
	resource VARCHAR(64) NOT NULL, 
	object_ids JSON NOT NULL, 
	task VARCHAR(500) NOT NULL, 
	dispatched_by VARCHAR(64) NOT NULL, 
	at DATETIME NOT NULL, 
	emergency_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id), 
	FOREIGN KEY(region_id) REFERENCES region (id), 
	FOREIGN KEY(emergency_id) REFERENCES emergency (id)
);
CREATE TABLE form_submission (
	id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	region_id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	form_key VARCHAR(64) NOT NULL, 
	form_version INTEGER NOT NULL, 
	plugin VARCHAR(64) NOT NULL, 
	data JSON NOT NULL, 
	status VARCHAR(32) NOT NULL, 
	submitted_by VARCHAR(64) NOT NULL, 
	submitted_at DATETIME, 
	case_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id), 
	FOREIGN KEY(region_id) REFERENCES region (id), 
	FOREIGN KEY(case_id) REFERENCES case_record (id)
);
CREATE TABLE activity (
	id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	region_id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	title VARCHAR NOT NULL, 
	held_on DATE NOT NULL, 
	category VARCHAR, 
	organization_id INTEGER, 
	person_times INTEGER NOT NULL, 
	sessions INTEGER NOT NULL, 
	case_id INTEGER, 
	PRIMARY KEY (id), 
	CONSTRAINT ck_activity_sessions_positive CHECK (sessions >= 1), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id), 
	FOREIGN KEY(region_id) REFERENCES region (id), 
	FOREIGN KEY(organization_id) REFERENCES social_organization (id), 
	FOREIGN KEY(case_id) REFERENCES case_record (id)
);
CREATE TABLE volunteer_team (
	valid_from DATE DEFAULT CURRENT_DATE NOT NULL, 
	valid_to DATE, 
	id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	region_id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	name VARCHAR NOT NULL, 
	organization_id INTEGER, 
	established_on DATE, 
	PRIMARY KEY (id), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id), 
	FOREIGN KEY(region_id) REFERENCES region (id), 
	FOREIGN KEY(organization_id) REFERENCES social_organization (id)
);
CREATE TABLE social_worker (
	valid_from DATE DEFAULT CURRENT_DATE NOT NULL, 
	valid_to DATE, 
	id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	region_id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	name VARCHAR NOT NULL, 
	certificate_level VARCHAR(32) NOT NULL, 
	post VARCHAR(32) NOT NULL, 
	is_community_worker BOOLEAN NOT NULL, 
	is_full_time BOOLEAN NOT NULL, 
	organization_id INTEGER, 
	id_number_encrypted TEXT NOT NULL, 
	id_number_hash VARCHAR(64) NOT NULL, 
	id_number_masked VARCHAR(18) NOT NULL, 
	phone_encrypted TEXT, 
	phone_masked VARCHAR(20), 
	birth_year INTEGER NOT NULL, 
	sex VARCHAR(6) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (tenant_id, id_number_hash), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id), 
	FOREIGN KEY(region_id) REFERENCES region (id), 
	FOREIGN KEY(organization_id) REFERENCES social_organization (id)
);
INSERT INTO social_worker VALUES('2026-12-05',NULL,1,1,43,'2026-12-05 03:51:39.801121','2026-12-05 03:51:39.801142','王芳','intermediate','social_work_station',0,1,NULL,'gAAAAABrE4pLjOCocm0aXpEjxf4iSU0z2Kh5o5Xx5c3AIrLge8pdJjsIy2Hza76iUalT0KhNMaVf2IJilwTLBvxIGm1w1X0NL72-aVZzFzZgp1MByHrvU9c=','2a09b6f23858f0981c3da974535ef72507d0282b04f3f042487c87da330feacd','*****************X',NULL,NULL,1949,'female');
CREATE TABLE case_event (
	id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	case_id INTEGER NOT NULL, 
	version INTEGER NOT NULL, 
	action VARCHAR(64) NOT NULL, 
	from_state VARCHAR(64), 
	to_state VARCHAR(64) NOT NULL, 
	actor VARCHAR(64) NOT NULL, 
	actor_user_id INTEGER, 
	acting_for INTEGER, 
	submission_id INTEGER, 
	data JSON NOT NULL, 
	visible_to JSON, 
	request_key VARCHAR(100), 
	at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_case_event_request_key UNIQUE (tenant_id, request_key), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id), 
	FOREIGN KEY(case_id) REFERENCES case_record (id), 
	FOREIGN KEY(actor_user_id) REFERENCES app_user (id), 
	FOREIGN KEY(acting_for) REFERENCES social_organization (id), 
	FOREIGN KEY(submission_id) REFERENCES form_submission (id)
);
CREATE TABLE donation (
	id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	region_id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	fund_id INTEGER, 
	donor_name VARCHAR NOT NULL, 
	donor_kind VARCHAR(32) NOT NULL, 
	form VARCHAR(32) NOT NULL, 
	amount_fen BIGINT NOT NULL, 
	in_kind_description VARCHAR(500), 
	in_kind_value_fen BIGINT, 
	donated_on DATE NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id), 
	FOREIGN KEY(region_id) REFERENCES region (id), 
	FOREIGN KEY(fund_id) REFERENCES community_fund (id)
);
CREATE TABLE form_submission_value (
	id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	submission_id INTEGER NOT NULL, 
	path VARCHAR(300) NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	encrypted TEXT NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (submission_id, path), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id), 
	FOREIGN KEY(submission_id) REFERENCES form_submission (id)
);
CREATE TABLE volunteer (
	valid_from DATE DEFAULT CURRENT_DATE NOT NULL, 
	valid_to DATE, 
	id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	region_id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	name VARCHAR NOT NULL, 
	real_name_registered BOOLEAN NOT NULL, 
	registered_on DATE, 
	team_id INTEGER, 
	guardian_name VARCHAR, 
	guardian_relation VARCHAR, 
	guardian_consent_on DATE, 
	id_number_encrypted TEXT, 
	id_number_hash VARCHAR(64), 
	id_number_masked VARCHAR(18), 
	phone_encrypted TEXT, 
	phone_masked VARCHAR(20), 
	birth_year INTEGER, 
	sex VARCHAR(6), 
	PRIMARY KEY (id), 
	UNIQUE (tenant_id, id_number_hash), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id), 
	FOREIGN KEY(region_id) REFERENCES region (id), 
	FOREIGN KEY(team_id) REFERENCES volunteer_team (id)
);
INSERT INTO volunteer VALUES('2021-03-01',NULL,1,1,44,'2026-12-05 03:51:40.088636','2026-12-05 03:51:40.088659','李明',0,'2021-03-01',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
CREATE TABLE ledger_entry (
	id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	region_id INTEGER NOT NULL, 
	case_id INTEGER, 
	event_id INTEGER, 
	account VARCHAR(100) NOT NULL, 
	kind VARCHAR(32) NOT NULL, 
	amount_fen BIGINT NOT NULL, 
	entry_key VARCHAR(64), 
	request_key VARCHAR(100), 
	actor VARCHAR(64) NOT NULL, 
	note VARCHAR(500) NOT NULL, 
	at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_ledger_entry_case_key UNIQUE (case_id, entry_key), 
	CONSTRAINT uq_ledger_entry_request_key UNIQUE (tenant_id, request_key), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id), 
	FOREIGN KEY(region_id) REFERENCES region (id), 
	FOREIGN KEY(case_id) REFERENCES case_record (id), 
	FOREIGN KEY(event_id) REFERENCES case_event (id)
);
CREATE TABLE notification (
	id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	case_id INTEGER, 
	event_id INTEGER, 
	title VARCHAR(200) NOT NULL, 
	body VARCHAR(2000) NOT NULL, 
	read_at DATETIME, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id), 
	FOREIGN KEY(user_id) REFERENCES app_user (id), 
	FOREIGN KEY(case_id) REFERENCES case_record (id), 
	FOREIGN KEY(event_id) REFERENCES case_event (id)
);
CREATE TABLE service_record (
	id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	region_id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	volunteer_id INTEGER NOT NULL, 
	activity_id INTEGER, 
	served_on DATE NOT NULL, 
	minutes INTEGER NOT NULL, 
	description VARCHAR(500), 
	request_key VARCHAR(64), 
	PRIMARY KEY (id), 
	UNIQUE (tenant_id, request_key), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id), 
	FOREIGN KEY(region_id) REFERENCES region (id), 
	FOREIGN KEY(volunteer_id) REFERENCES volunteer (id), 
	FOREIGN KEY(activity_id) REFERENCES activity (id)
);
CREATE TABLE outbox_message (
	id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	notification_id INTEGER NOT NULL, 
	attempts INTEGER NOT NULL, 
	last_error VARCHAR(500), 
	delivered_at DATETIME, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id), 
	FOREIGN KEY(notification_id) REFERENCES notification (id)
);
CREATE INDEX ix_calendar_day_tenant_id ON calendar_day (tenant_id);
CREATE INDEX ix_role_tenant_id ON role (tenant_id);
CREATE INDEX ix_role_permission_tenant_id ON role_permission (tenant_id);
CREATE INDEX ix_audit_event_actor ON audit_event (actor);
CREATE INDEX ix_audit_event_tenant_id ON audit_event (tenant_id);
CREATE INDEX ix_audit_event_action ON audit_event (action);
CREATE INDEX ix_region_street_tier ON region (street_id, tier);
CREATE INDEX ix_region_province_tier ON region (province_id, tier);
CREATE INDEX ix_region_parent_id ON region (parent_id);
CREATE INDEX ix_region_city_tier ON region (city_id, tier);
CREATE INDEX ix_region_district_tier ON region (district_id, tier);
CREATE INDEX ix_region_community_tier ON region (community_id, tier);
CREATE INDEX ix_region_tenant_id ON region (tenant_id);
CREATE INDEX ix_region_tier ON region (tier);
CREATE INDEX ix_tenant_plugin_tenant_id ON tenant_plugin (tenant_id);
CREATE INDEX ix_sign_in_throttle_last_failure_at ON sign_in_throttle (last_failure_at);
CREATE INDEX ix_sign_in_throttle_locked_until ON sign_in_throttle (locked_until);
CREATE INDEX ix_sign_in_throttle_tenant_id ON sign_in_throttle (tenant_id);
CREATE INDEX ix_app_user_tenant_id ON app_user (tenant_id);
CREATE INDEX ix_indicator_baseline_tenant_id ON indicator_baseline (tenant_id);
CREATE INDEX ix_indicator_baseline_region_id ON indicator_baseline (region_id);
CREATE INDEX ix_case_record_parent_id ON case_record (parent_id);
CREATE INDEX ix_case_record_due ON case_record (tenant_id, due_on);
CREATE INDEX ix_case_record_open ON case_record (region_id, terminal, due_on);
CREATE INDEX ix_case_record_queue ON case_record (tenant_id, case_type, state);
CREATE INDEX ix_case_record_tenant_id ON case_record (tenant_id);
CREATE INDEX ix_case_record_region_id ON case_record (region_id);
CREATE INDEX ix_community_profile_tenant_id ON community_profile (tenant_id);
CREATE INDEX ix_emergency_region_id ON emergency (region_id);
CREATE INDEX ix_emergency_tenant_id ON emergency (tenant_id);
CREATE INDEX ix_emergency_ends_at ON emergency (ends_at);
CREATE INDEX ix_social_organization_tenant_id ON social_organization (tenant_id);
CREATE INDEX ix_social_organization_org_type ON social_organization (org_type);
CREATE INDEX ix_social_organization_region_valid_from ON social_organization (region_id, valid_from);
CREATE INDEX ix_social_organization_region_id ON social_organization (region_id);
CREATE INDEX ix_role_assignment_region_id ON role_assignment (region_id);
CREATE INDEX ix_role_assignment_role_id ON role_assignment (role_id);
CREATE INDEX ix_role_assignment_user_id ON role_assignment (user_id);
CREATE INDEX ix_role_assignment_tenant_id ON role_assignment (tenant_id);
CREATE INDEX ix_region_summary_tenant_id ON region_summary (tenant_id);
CREATE INDEX ix_region_year_summary_tenant_id ON region_year_summary (tenant_id);
CREATE INDEX ix_subtree_summary_tenant_id ON subtree_summary (tenant_id);
CREATE INDEX ix_summary_stamp_tenant_id ON summary_stamp (tenant_id);
CREATE INDEX ix_stock_snapshot_tenant_id ON stock_snapshot (tenant_id);
CREATE INDEX ix_subtree_snapshot_tenant_id ON subtree_snapshot (tenant_id);
CREATE INDEX ix_revoked_token_user_id ON revoked_token (user_id);
CREATE INDEX ix_revoked_token_expires_at ON revoked_token (expires_at);
CREATE INDEX ix_target_verdict_tenant_id ON target_verdict (tenant_id);
CREATE INDEX ix_target_verdict_region_id ON target_verdict (region_id);
CREATE INDEX ix_case_party_user ON case_party (user_id, case_id);
CREATE INDEX ix_case_party_tenant_id ON case_party (tenant_id);
CREATE INDEX ix_case_party_organization ON case_party (organization_id, case_id);
CREATE INDEX ix_case_party_case_id ON case_party (case_id);
CREATE INDEX ix_organization_member_tenant_id ON organization_member (tenant_id);
CREATE INDEX ix_organization_member_user_id ON organization_member (user_id);
CREATE INDEX ix_organization_member_organization_id ON organization_member (organization_id);
CREATE INDEX ix_organization_sanction_organization_id ON organization_sanction (organization_id);
CREATE INDEX ix_organization_sanction_tenant_id ON organization_sanction (tenant_id);
CREATE INDEX ix_community_fund_region_valid_from ON community_fund (region_id, valid_from);
CREATE INDEX ix_community_fund_region_id ON community_fund (region_id);
CREATE INDEX ix_community_fund_tenant_id ON community_fund (tenant_id);
CREATE INDEX ix_dispatch_region_id ON dispatch (region_id);
CREATE INDEX ix_dispatch_tenant_id ON dispatch (tenant_id);
CREATE INDEX ix_form_submission_tenant_id ON form_submission (tenant_id);
CREATE INDEX ix_form_submission_case_id ON form_submission (case_id);
CREATE INDEX ix_form_submission_form_key ON form_submission (form_key);
CREATE INDEX ix_form_submission_region_id ON form_submission (region_id);
CREATE INDEX ix_activity_held_on ON activity (held_on);
CREATE INDEX ix_activity_case_id ON activity (case_id);
CREATE INDEX ix_activity_tenant_id ON activity (tenant_id);
CREATE INDEX ix_activity_region_id ON activity (region_id);
CREATE INDEX ix_volunteer_team_region_id ON volunteer_team (region_id);
CREATE INDEX ix_volunteer_team_region_valid_from ON volunteer_team (region_id, valid_from);
CREATE INDEX ix_volunteer_team_tenant_id ON volunteer_team (tenant_id);
CREATE INDEX ix_social_worker_region_valid_from ON social_worker (region_id, valid_from);
CREATE INDEX ix_social_worker_certificate_level ON social_worker (certificate_level);
CREATE INDEX ix_social_worker_tenant_id ON social_worker (tenant_id);
CREATE INDEX ix_social_worker_region_id ON social_worker (region_id);
CREATE INDEX ix_case_event_tenant_id ON case_event (tenant_id);
CREATE INDEX ix_case_event_actor_user_id ON case_event (actor_user_id);
CREATE INDEX ix_case_event_case_id ON case_event (case_id);
CREATE INDEX ix_donation_region_id ON donation (region_id);
CREATE INDEX ix_donation_fund_id ON donation (fund_id);
CREATE INDEX ix_donation_tenant_id ON donation (tenant_id);
CREATE INDEX ix_form_submission_value_tenant_id ON form_submission_value (tenant_id);
CREATE INDEX ix_form_submission_value_submission_id ON form_submission_value (submission_id);
CREATE INDEX ix_volunteer_team_id ON volunteer (team_id);
CREATE INDEX ix_volunteer_region_id ON volunteer (region_id);
CREATE INDEX ix_volunteer_region_valid_from ON volunteer (region_id, valid_from);
CREATE INDEX ix_volunteer_tenant_id ON volunteer (tenant_id);
CREATE INDEX ix_ledger_entry_region_id ON ledger_entry (region_id);
CREATE INDEX ix_ledger_entry_account ON ledger_entry (tenant_id, account);
CREATE INDEX ix_ledger_entry_tenant_id ON ledger_entry (tenant_id);
CREATE INDEX ix_ledger_entry_case_id ON ledger_entry (case_id);
CREATE INDEX ix_notification_inbox ON notification (user_id, read_at);
CREATE INDEX ix_notification_tenant_id ON notification (tenant_id);
CREATE INDEX ix_service_record_tenant_id ON service_record (tenant_id);
CREATE INDEX ix_service_record_region_id ON service_record (region_id);
CREATE INDEX ix_service_record_volunteer_day ON service_record (volunteer_id, served_on);
CREATE INDEX ix_service_record_activity_id ON service_record (activity_id);
CREATE INDEX ix_outbox_message_tenant_id ON outbox_message (tenant_id);
CREATE INDEX ix_outbox_pending ON outbox_message (delivered_at, id);
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END;
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END;
CREATE TRIGGER audit_event_no_replace BEFORE INSERT ON audit_event WHEN EXISTS (SELECT 1 FROM audit_event WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END;
CREATE TRIGGER audit_event_positive_id AFTER INSERT ON audit_event WHEN NEW.id < 1 BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END;
CREATE TRIGGER case_event_no_update BEFORE UPDATE ON case_event BEGIN SELECT RAISE(ABORT, 'case_event is append-only'); END;
CREATE TRIGGER case_event_no_delete BEFORE DELETE ON case_event BEGIN SELECT RAISE(ABORT, 'case_event is append-only'); END;
CREATE TRIGGER case_event_no_replace BEFORE INSERT ON case_event WHEN EXISTS (SELECT 1 FROM case_event WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'case_event is append-only'); END;
CREATE TRIGGER case_event_positive_id AFTER INSERT ON case_event WHEN NEW.id < 1 BEGIN SELECT RAISE(ABORT, 'case_event is append-only'); END;
CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON ledger_entry BEGIN SELECT RAISE(ABORT, 'ledger_entry is append-only'); END;
CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON ledger_entry BEGIN SELECT RAISE(ABORT, 'ledger_entry is append-only'); END;
CREATE TRIGGER ledger_entry_no_replace BEFORE INSERT ON ledger_entry WHEN EXISTS (SELECT 1 FROM ledger_entry WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'ledger_entry is append-only'); END;
CREATE TRIGGER ledger_entry_positive_id AFTER INSERT ON ledger_entry WHEN NEW.id < 1 BEGIN SELECT RAISE(ABORT, 'ledger_entry is append-only'); END;
CREATE TRIGGER target_verdict_no_update BEFORE UPDATE ON target_verdict BEGIN SELECT RAISE(ABORT, 'target_verdict is append-only'); END;
CREATE TRIGGER target_verdict_no_delete BEFORE DELETE ON target_verdict BEGIN SELECT RAISE(ABORT, 'target_verdict is append-only'); END;
CREATE TRIGGER target_verdict_no_replace BEFORE INSERT ON target_verdict WHEN EXISTS (SELECT 1 FROM target_verdict WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'target_verdict is append-only'); END;
CREATE TRIGGER target_verdict_positive_id AFTER INSERT ON target_verdict WHEN NEW.id < 1 BEGIN SELECT RAISE(ABORT, 'target_verdict is append-only'); END;
COMMIT;
