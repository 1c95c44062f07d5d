-- A store of schema version 2 written by annals ingest (before stories) of examples/corpus/01-03,
-- dumped with the sqlite3 shell: tests/unit/store/test_store.c opens it to test the migration.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE documents(
  id INTEGER PRIMARY KEY,
  hash TEXT UNIQUE NOT NULL,
  name TEXT, path TEXT, url TEXT, outlet TEXT, pub_date TEXT, format TEXT, text TEXT,
  invalid_bytes INTEGER, dropped_lines INTEGER, n_sentences INTEGER, n_events INTEGER,
  ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));
INSERT INTO documents VALUES(1,'2e5c822272a7a06d794992f93a422e8bf3e2fcb3975e39fda6d313704a1b8e05','01_almaty_unrest_csto','examples/corpus/01_almaty_unrest_csto.txt',NULL,NULL,'2022-01-06','text',replace('Kazakhstan asks Russian-led bloc for troops as unrest spreads\n\nJanuary 6, 2022\n\nALMATY, Jan 6 (annals sample) - Russian paratroopers began arriving in Kazakhstan on Thursday after President Kassym-Jomart Tokayev asked the Collective Security Treaty Organization for help in putting down the worst unrest the country has seen since independence.\n\nThe demonstrations started on Sunday in the western oil town of Zhanaozen, where residents gathered to oppose a sharp rise in the price of liquefied gas used as car fuel. Within days the rallies had reached Aktau, Almaty and other cities, and many protesters demanded the departure of former president Nursultan Nazarbayev as well as cheaper fuel.\n\nOn Wednesday crowds in Almaty stormed the city administration building and set it on fire, and gunmen briefly took over the airport. Tokayev accepted the resignation of the government the same day and declared a state of emergency.\n\nLate on Wednesday the president appealed to the CSTO, a Russian-led alliance of six former Soviet states, to send forces. He described those behind the violence as terrorist bands trained abroad, without offering evidence.\n\nNikol Pashinyan, the prime minister of Armenia, which chairs the bloc this year, said hours later that the alliance would dispatch a collective peacekeeping force for a limited period. Russia''s defence ministry said its airborne units were flying in aboard military transport planes.\n\nThe interior ministry said several police officers had been killed and hundreds injured. Internet access across the country remained largely cut.','\n',char(10)),0,0,13,7,'2026-12-07T03:19:02Z');
INSERT INTO documents VALUES(2,'df43cd189e3a9018ac89e8d5ba8c410953e552333d77c0856bf24be4b32b0aad','02_massimov_arrest','examples/corpus/02_massimov_arrest.txt',NULL,NULL,'2022-01-10','text',replace('date 2022-01-10\n\nFormer Kazakh security chief held on treason suspicion\n\nJanuary 10, 2022\n\nALMATY, Jan 10 (annals sample) - Kazakhstan''s National Security Committee said on Saturday that its former chairman, Karim Massimov, had been detained on suspicion of high treason, a dramatic fall for one of the closest allies of ex-president Nursultan Nazarbayev.\n\nMassimov, who also served twice as prime minister, was taken into custody on Thursday, the committee said, days after President Kassym-Jomart Tokayev removed him from his post as the unrest in the country turned violent.\n\nIn a televised address on Friday, Tokayev said he had authorised the security forces to open fire without warning on armed groups that refused to surrender. He dismissed calls from abroad for dialogue with the protesters, saying there could be no negotiations with criminals and killers.\n\nIn the same speech Tokayev thanked Russian President Vladimir Putin for the rapid dispatch of troops under the Collective Security Treaty Organization, and also expressed gratitude to the leaders of China, Uzbekistan and Turkey.\n\nOfficials said on Sunday that more than 5,000 people, including a number of foreign nationals, had been detained across the country since the start of the disturbances. Rights groups urged the authorities to ensure that those held had access to lawyers.\n\nLife in Almaty was slowly returning to normal on Monday, which was declared a national day of mourning. Nazarbayev has not appeared in public since the protests began.','\n',char(10)),0,0,12,7,'2026-12-07T03:19:02Z');
INSERT INTO documents VALUES(3,'aef0c360525db3dcd166cf9d8f4bc4a37fc61d55881c9ad61dd6c37da8d4bf4c','03_unga_russia_withdrawal','examples/corpus/03_unga_russia_withdrawal.txt',NULL,NULL,'2022-03-03','text',replace('UN General Assembly demands Russian pullout from Ukraine\n\nMarch 3, 2022\n\nUNITED NATIONS, March 2 (annals sample) - The UN General Assembly on Wednesday demanded that Russia immediately withdraw its forces from Ukraine, in a vote that showed how isolated Moscow has become a week after its troops crossed the border.\n\nThe resolution, adopted at a rare emergency special session, deplored Russia''s aggression against its neighbour. It was backed by 141 of the 193 member states. Only Russia, Belarus, North Korea, Eritrea and Syria voted against, while 35 countries abstained, among them China, India and Kazakhstan.\n\nLinda Thomas-Greenfield, the United States ambassador to the UN, told the chamber before the vote that the stakes went far beyond Ukraine. Russia''s envoy, Vassily Nebenzia, urged members not to support the text.\n\nGeneral Assembly resolutions are not legally binding, but diplomats said the size of the majority carried political weight after Russia vetoed a similar draft in the Security Council last week.\n\nWashington has steadily tightened economic pressure on Moscow. President Joe Biden announced sweeping sanctions against major Russian banks and new export controls last Thursday, the day the invasion began, and said at the time that he had no plans to speak with Russian President Vladimir Putin. On Tuesday, in his State of the Union address, Biden said the United States would close its airspace to Russian flights.','\n',char(10)),0,0,12,4,'2026-12-07T03:19:02Z');
CREATE TABLE sentences(
  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT,
  PRIMARY KEY(doc_id, idx));
INSERT INTO sentences VALUES(1,0,0,61,'Kazakhstan asks Russian-led bloc for troops as unrest spreads');
INSERT INTO sentences VALUES(1,1,63,78,'January 6, 2022');
INSERT INTO sentences VALUES(1,2,80,344,'ALMATY, Jan 6 (annals sample) - Russian paratroopers began arriving in Kazakhstan on Thursday after President Kassym-Jomart Tokayev asked the Collective Security Treaty Organization for help in putting down the worst unrest the country has seen since independence.');
INSERT INTO sentences VALUES(1,3,346,516,'The demonstrations started on Sunday in the western oil town of Zhanaozen, where residents gathered to oppose a sharp rise in the price of liquefied gas used as car fuel.');
INSERT INTO sentences VALUES(1,4,517,693,'Within days the rallies had reached Aktau, Almaty and other cities, and many protesters demanded the departure of former president Nursultan Nazarbayev as well as cheaper fuel.');
INSERT INTO sentences VALUES(1,5,695,827,'On Wednesday crowds in Almaty stormed the city administration building and set it on fire, and gunmen briefly took over the airport.');
INSERT INTO sentences VALUES(1,6,828,926,'Tokayev accepted the resignation of the government the same day and declared a state of emergency.');
INSERT INTO sentences VALUES(1,7,928,1049,'Late on Wednesday the president appealed to the CSTO, a Russian-led alliance of six former Soviet states, to send forces.');
INSERT INTO sentences VALUES(1,8,1050,1150,'He described those behind the violence as terrorist bands trained abroad, without offering evidence.');
INSERT INTO sentences VALUES(1,9,1152,1336,'Nikol Pashinyan, the prime minister of Armenia, which chairs the bloc this year, said hours later that the alliance would dispatch a collective peacekeeping force for a limited period.');
INSERT INTO sentences VALUES(1,10,1337,1435,'Russia''s defence ministry said its airborne units were flying in aboard military transport planes.');
INSERT INTO sentences VALUES(1,11,1437,1525,'The interior ministry said several police officers had been killed and hundreds injured.');
INSERT INTO sentences VALUES(1,12,1526,1582,'Internet access across the country remained largely cut.');
INSERT INTO sentences VALUES(2,0,0,15,'date 2022-01-10');
INSERT INTO sentences VALUES(2,1,17,71,'Former Kazakh security chief held on treason suspicion');
INSERT INTO sentences VALUES(2,2,73,89,'January 10, 2022');
INSERT INTO sentences VALUES(2,3,91,355,'ALMATY, Jan 10 (annals sample) - Kazakhstan''s National Security Committee said on Saturday that its former chairman, Karim Massimov, had been detained on suspicion of high treason, a dramatic fall for one of the closest allies of ex-president Nursultan Nazarbayev.');
INSERT INTO sentences VALUES(2,4,357,577,'Massimov, who also served twice as prime minister, was taken into custody on Thursday, the committee said, days after President Kassym-Jomart Tokayev removed him from his post as the unrest in the country turned violent.');
INSERT INTO sentences VALUES(2,5,579,735,'In a televised address on Friday, Tokayev said he had authorised the security forces to open fire without warning on armed groups that refused to surrender.');
INSERT INTO sentences VALUES(2,6,736,866,'He dismissed calls from abroad for dialogue with the protesters, saying there could be no negotiations with criminals and killers.');
INSERT INTO sentences VALUES(2,7,868,1096,'In the same speech Tokayev thanked Russian President Vladimir Putin for the rapid dispatch of troops under the Collective Security Treaty Organization, and also expressed gratitude to the leaders of China, Uzbekistan and Turkey.');
INSERT INTO sentences VALUES(2,8,1098,1266,'Officials said on Sunday that more than 5,000 people, including a number of foreign nationals, had been detained across the country since the start of the disturbances.');
INSERT INTO sentences VALUES(2,9,1267,1351,'Rights groups urged the authorities to ensure that those held had access to lawyers.');
INSERT INTO sentences VALUES(2,10,1353,1456,'Life in Almaty was slowly returning to normal on Monday, which was declared a national day of mourning.');
INSERT INTO sentences VALUES(2,11,1457,1520,'Nazarbayev has not appeared in public since the protests began.');
INSERT INTO sentences VALUES(3,0,0,56,'UN General Assembly demands Russian pullout from Ukraine');
INSERT INTO sentences VALUES(3,1,58,71,'March 3, 2022');
INSERT INTO sentences VALUES(3,2,73,315,'UNITED NATIONS, March 2 (annals sample) - The UN General Assembly on Wednesday demanded that Russia immediately withdraw its forces from Ukraine, in a vote that showed how isolated Moscow has become a week after its troops crossed the border.');
INSERT INTO sentences VALUES(3,3,317,429,'The resolution, adopted at a rare emergency special session, deplored Russia''s aggression against its neighbour.');
INSERT INTO sentences VALUES(3,4,430,476,'It was backed by 141 of the 193 member states.');
INSERT INTO sentences VALUES(3,5,477,614,'Only Russia, Belarus, North Korea, Eritrea and Syria voted against, while 35 countries abstained, among them China, India and Kazakhstan.');
INSERT INTO sentences VALUES(3,6,616,754,'Linda Thomas-Greenfield, the United States ambassador to the UN, told the chamber before the vote that the stakes went far beyond Ukraine.');
INSERT INTO sentences VALUES(3,7,755,827,'Russia''s envoy, Vassily Nebenzia, urged members not to support the text.');
INSERT INTO sentences VALUES(3,8,829,1022,'General Assembly resolutions are not legally binding, but diplomats said the size of the majority carried political weight after Russia vetoed a similar draft in the Security Council last week.');
INSERT INTO sentences VALUES(3,9,1024,1086,'Washington has steadily tightened economic pressure on Moscow.');
INSERT INTO sentences VALUES(3,10,1087,1320,'President Joe Biden announced sweeping sanctions against major Russian banks and new export controls last Thursday, the day the invasion began, and said at the time that he had no plans to speak with Russian President Vladimir Putin.');
INSERT INTO sentences VALUES(3,11,1321,1441,'On Tuesday, in his State of the Union address, Biden said the United States would close its airspace to Russian flights.');
CREATE TABLE actors(
  code TEXT PRIMARY KEY, country TEXT, role TEXT);
INSERT INTO actors VALUES('RUSMIL','RUS','MIL');
INSERT INTO actors VALUES('KAZ','KAZ',NULL);
INSERT INTO actors VALUES('KAZGOV','KAZ','GOV');
INSERT INTO actors VALUES('IGOCASCST','IGO','CAS');
INSERT INTO actors VALUES('KAZCVL','KAZ','CVL');
INSERT INTO actors VALUES('KAZELI','KAZ','ELI');
INSERT INTO actors VALUES('KAZUAF','KAZ','UAF');
INSERT INTO actors VALUES('KAZCOP','KAZ','COP');
INSERT INTO actors VALUES('KAZSPY','KAZ','SPY');
INSERT INTO actors VALUES('KAZMIL','KAZ','MIL');
INSERT INTO actors VALUES('KAZREB','KAZ','REB');
INSERT INTO actors VALUES('RUSGOV','RUS','GOV');
INSERT INTO actors VALUES('CHNGOV','CHN','GOV');
INSERT INTO actors VALUES('UZB','UZB',NULL);
INSERT INTO actors VALUES('TUR','TUR',NULL);
INSERT INTO actors VALUES('IGOUNO','IGO','UNO');
INSERT INTO actors VALUES('RUS','RUS',NULL);
INSERT INTO actors VALUES('USAGOV','USA','GOV');
INSERT INTO actors VALUES('RUSBUS','RUS','BUS');
INSERT INTO actors VALUES('USA','USA',NULL);
CREATE TABLE events(
  id INTEGER PRIMARY KEY,
  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  sentence_idx INTEGER NOT NULL, code TEXT NOT NULL, root TEXT NOT NULL,
  quad_class INTEGER, goldstein REAL, src TEXT, tgt TEXT,
  src_text TEXT, tgt_text TEXT, verb_text TEXT, date TEXT, place TEXT, evidence TEXT,
  confidence REAL);
INSERT INTO events VALUES(1,1,2,'042','04',1,1.8999999999999999111,'RUSMIL','KAZ','Russian paratroopers','Kazakhstan','arriving in','2022-01-06',NULL,'ALMATY, Jan 6 (annals sample) - Russian paratroopers began arriving in Kazakhstan on Thursday after President Kassym-Jomart Tokayev asked the Collective Security Treaty Organization for help in putting down the worst unrest the country has seen since independence.',0.89772516489028930664);
INSERT INTO events VALUES(2,1,2,'0234','02',1,3.3999999999999999111,'KAZGOV','IGOCASCST','President Kassym-Jomart Tokayev','Collective Security Treaty Organization','asked the Collective Security','2022-01-06',NULL,'ALMATY, Jan 6 (annals sample) - Russian paratroopers began arriving in Kazakhstan on Thursday after President Kassym-Jomart Tokayev asked the Collective Security Treaty Organization for help in putting down the worst unrest the country has seen since independence.',0.88580608367919921875);
INSERT INTO events VALUES(3,1,4,'100','10',3,-5.0,'KAZCVL','KAZELI','protesters','former president Nursultan Nazarbayev','demanded','2022-01-06',NULL,'Within days the rallies had reached Aktau, Almaty and other cities, and many protesters demanded the departure of former president Nursultan Nazarbayev as well as cheaper fuel.',0.52836948633193969726);
INSERT INTO events VALUES(4,1,5,'145','14',3,-7.5,'KAZCVL','KAZGOV','crowds','administration','stormed','2022-01-05','Almaty','On Wednesday crowds in Almaty stormed the city administration building and set it on fire, and gunmen briefly took over the airport.',0.67957079410552978515);
INSERT INTO events VALUES(5,1,5,'180','18',4,-9.0,'KAZCVL','KAZUAF','crowds','gunmen','set it on fire','2022-01-05','Almaty','On Wednesday crowds in Almaty stormed the city administration building and set it on fire, and gunmen briefly took over the airport.',0.73477774858474731445);
INSERT INTO events VALUES(6,1,6,'1724','17',4,-5.0,'KAZGOV','KAZ','Tokayev',NULL,'declared a state of emergency','2022-01-06',NULL,'Tokayev accepted the resignation of the government the same day and declared a state of emergency.',0.73846393823623657226);
INSERT INTO events VALUES(7,1,7,'020','02',1,3.0,'KAZGOV','IGOCASCST','president','CSTO','appealed to','2022-01-05',NULL,'Late on Wednesday the president appealed to the CSTO, a Russian-led alliance of six former Soviet states, to send forces.',0.75408142805099487304);
INSERT INTO events VALUES(8,2,3,'173','17',4,-5.0,'KAZCOP','KAZSPY',NULL,'Kazakhstan''s National Security Committee','detained','2022-01-08',NULL,'ALMATY, Jan 10 (annals sample) - Kazakhstan''s National Security Committee said on Saturday that its former chairman, Karim Massimov, had been detained on suspicion of high treason, a dramatic fall for one of the closest allies of ex-president Nursultan Nazarbayev.',0.78387624025344848632);
INSERT INTO events VALUES(9,2,5,'193','19',4,-10.0,'KAZMIL','KAZREB','security forces','armed groups','open fire','2022-01-07',NULL,'In a televised address on Friday, Tokayev said he had authorised the security forces to open fire without warning on armed groups that refused to surrender.',0.73477774858474731445);
INSERT INTO events VALUES(10,2,7,'051','05',1,3.3999999999999999111,'KAZGOV','RUSGOV','Tokayev','Russian President Vladimir Putin','thanked','2022-01-10',NULL,'In the same speech Tokayev thanked Russian President Vladimir Putin for the rapid dispatch of troops under the Collective Security Treaty Organization, and also expressed gratitude to the leaders of China, Uzbekistan and Turkey.',0.70680147409439086914);
INSERT INTO events VALUES(11,2,7,'051','05',1,3.3999999999999999111,'KAZGOV','CHNGOV','Tokayev','leaders of China','expressed gratitude','2022-01-10',NULL,'In the same speech Tokayev thanked Russian President Vladimir Putin for the rapid dispatch of troops under the Collective Security Treaty Organization, and also expressed gratitude to the leaders of China, Uzbekistan and Turkey.',0.86262905597686767578);
INSERT INTO events VALUES(12,2,7,'051','05',1,3.3999999999999999111,'KAZGOV','UZB','Tokayev','Uzbekistan','expressed gratitude','2022-01-10',NULL,'In the same speech Tokayev thanked Russian President Vladimir Putin for the rapid dispatch of troops under the Collective Security Treaty Organization, and also expressed gratitude to the leaders of China, Uzbekistan and Turkey.',0.86262905597686767578);
INSERT INTO events VALUES(13,2,7,'051','05',1,3.3999999999999999111,'KAZGOV','TUR','Tokayev','Turkey','expressed gratitude','2022-01-10',NULL,'In the same speech Tokayev thanked Russian President Vladimir Putin for the rapid dispatch of troops under the Collective Security Treaty Organization, and also expressed gratitude to the leaders of China, Uzbekistan and Turkey.',0.86262905597686767578);
INSERT INTO events VALUES(14,2,8,'173','17',4,-5.0,'KAZCOP','KAZCVL',NULL,'people','detained','2022-01-09',NULL,'Officials said on Sunday that more than 5,000 people, including a number of foreign nationals, had been detained across the country since the start of the disturbances.',0.63020586967468261718);
INSERT INTO events VALUES(15,3,0,'100','10',3,-5.0,'IGOUNO','RUS','UN General Assembly','Russian','demands','2022-03-03',NULL,'UN General Assembly demands Russian pullout from Ukraine',0.7623125314712524414);
INSERT INTO events VALUES(16,3,2,'100','10',3,-5.0,'IGOUNO','RUS','UN General Assembly','Russia','demanded','2022-03-02',NULL,'UNITED NATIONS, March 2 (annals sample) - The UN General Assembly on Wednesday demanded that Russia immediately withdraw its forces from Ukraine, in a vote that showed how isolated Moscow has become a week after its troops crossed the border.',0.67762970924377441406);
INSERT INTO events VALUES(17,3,10,'163','16',4,-8.0,'USAGOV','RUSBUS','President Joe Biden','Russian banks','announced sweeping sanctions','2022-02-24',NULL,'President Joe Biden announced sweeping sanctions against major Russian banks and new export controls last Thursday, the day the invasion began, and said at the time that he had no plans to speak with Russian President Vladimir Putin.',0.91082906723022460937);
INSERT INTO events VALUES(18,3,11,'172','17',4,-5.0,'USA','RUS','United States','Russian','close its airspace','2022-03-01',NULL,'On Tuesday, in his State of the Union address, Biden said the United States would close its airspace to Russian flights.',0.66707825660705566406);
CREATE TABLE cameo_roots(root TEXT PRIMARY KEY, name TEXT NOT NULL);
INSERT INTO cameo_roots VALUES('01','MAKE PUBLIC STATEMENT');
INSERT INTO cameo_roots VALUES('02','APPEAL');
INSERT INTO cameo_roots VALUES('03','EXPRESS INTENT TO COOPERATE');
INSERT INTO cameo_roots VALUES('04','CONSULT');
INSERT INTO cameo_roots VALUES('05','ENGAGE IN DIPLOMATIC COOPERATION');
INSERT INTO cameo_roots VALUES('06','ENGAGE IN MATERIAL COOPERATION');
INSERT INTO cameo_roots VALUES('07','PROVIDE AID');
INSERT INTO cameo_roots VALUES('08','YIELD');
INSERT INTO cameo_roots VALUES('09','INVESTIGATE');
INSERT INTO cameo_roots VALUES('10','DEMAND');
INSERT INTO cameo_roots VALUES('11','DISAPPROVE');
INSERT INTO cameo_roots VALUES('12','REJECT');
INSERT INTO cameo_roots VALUES('13','THREATEN');
INSERT INTO cameo_roots VALUES('14','PROTEST');
INSERT INTO cameo_roots VALUES('15','EXHIBIT FORCE POSTURE');
INSERT INTO cameo_roots VALUES('16','REDUCE RELATIONS');
INSERT INTO cameo_roots VALUES('17','COERCE');
INSERT INTO cameo_roots VALUES('18','ASSAULT');
INSERT INTO cameo_roots VALUES('19','FIGHT');
INSERT INTO cameo_roots VALUES('20','USE UNCONVENTIONAL MASS VIOLENCE');
CREATE INDEX events_root ON events(root);
CREATE INDEX events_dyad ON events(src, tgt);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_doc ON events(doc_id);
CREATE VIEW events_v AS
  SELECT e.*, d.name AS doc_name, d.url AS doc_url, d.pub_date AS doc_pub_date,
         r.name AS root_name
  FROM events e JOIN documents d ON d.id = e.doc_id
  LEFT JOIN cameo_roots r ON r.root = e.root;
COMMIT;
PRAGMA user_version=2;
