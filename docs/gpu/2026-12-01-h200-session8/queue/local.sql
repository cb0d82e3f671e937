PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE schema_version (
  version     INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  applied_at  TEXT NOT NULL
) STRICT;
INSERT INTO schema_version VALUES(1,'environments, sweeps, variants, samples, warmups','2026-12-01T15:14:57.606Z');
INSERT INTO schema_version VALUES(2,'baselines: history of lab baseline promote/reset','2026-12-01T15:14:57.607Z');
INSERT INTO schema_version VALUES(3,'each variant''s start-up cost (process start + model build), kept apart from its samples; the pid that runs a sweep','2026-12-01T15:14:57.609Z');
INSERT INTO schema_version VALUES(4,'profiles: `lab profile` results (time by model part and by kernel, per phase)','2026-12-01T15:14:57.609Z');
INSERT INTO schema_version VALUES(5,'which worker process (0, 1, ...) of its variant measured each sample and warm-up (lab sweep --processes); NULL before','2026-12-01T15:14:57.610Z');
INSERT INTO schema_version VALUES(6,'paired rounds (samples.block), foreign load per sample and its re-runs, calibrations (`lab calibrate`)','2026-12-01T15:14:57.613Z');
INSERT INTO schema_version VALUES(7,'parameters: each variant''s parameter values (variant_params) and the parametrized variant it is a point of; the memory block of a grid each sample was measured in','2026-12-01T15:14:57.615Z');
INSERT INTO schema_version VALUES(8,'sweeps spread over devices: the device each sample ran on, and a key that makes a sample delivered twice land once','2026-12-01T15:14:57.617Z');
CREATE TABLE environments (
  id                 INTEGER PRIMARY KEY,
  lab_version        TEXT    NOT NULL,
  git_sha            TEXT,
  git_dirty          INTEGER CHECK (git_dirty IN (0, 1)),
  backend            TEXT    NOT NULL,
  device             TEXT    NOT NULL,
  tfjs_version       TEXT    NOT NULL,
  node_version       TEXT    NOT NULL,
  cpu_model          TEXT    NOT NULL,
  cpu_cores          INTEGER NOT NULL CHECK (cpu_cores >= 0),
  total_memory_bytes INTEGER NOT NULL CHECK (total_memory_bytes >= 0),
  os                 TEXT    NOT NULL,
  command_line       TEXT    NOT NULL,
  json               TEXT    NOT NULL CHECK (json_valid(json))
) STRICT;
INSERT INTO environments VALUES(1,'0.1.0','c80ee9558b6ed17bae875b3af6dba39a8373911e',1,'webgpu','WebGPU nvidia nvidia-h200','4.22.0','v20.20.2','Intel(R) Xeon(R) Processor',16,135128870912,'Linux 6.18.44-fc-v973-gpu x64','lab sweep wgsl-recorded-step-split8-paired+wgsl-argmax-wide+fused-qkv --baseline wgsl-recorded-step --model gemma-2b --backend webgpu --weights-dtype bf16 --runs 10 --processes 2 --db /root/out/local.db','{"labVersion":"0.1.0","gitSha":"c80ee9558b6ed17bae875b3af6dba39a8373911e","gitDirty":true,"sourceTree":"ebf59923d718e772fbb3bcd46868ee5417df54b1","backend":"webgpu","device":"WebGPU nvidia nvidia-h200","tfjsVersion":"4.22.0","nodeVersion":"v20.20.2","hostname":"vm","cpuModel":"Intel(R) Xeon(R) Processor","cpuCores":16,"totalMemoryBytes":135128870912,"os":"Linux 6.18.44-fc-v973-gpu x64","commandLine":"lab sweep wgsl-recorded-step-split8-paired+wgsl-argmax-wide+fused-qkv --baseline wgsl-recorded-step --model gemma-2b --backend webgpu --weights-dtype bf16 --runs 10 --processes 2 --db /root/out/local.db"}');
CREATE TABLE sweeps (
  id             TEXT    PRIMARY KEY NOT NULL CHECK (length(id) > 0),
  created_at     TEXT    NOT NULL,
  finished_at    TEXT,
  status         TEXT    NOT NULL DEFAULT 'running'
                 CHECK (status IN ('running', 'completed', 'interrupted', 'failed')),
  environment_id INTEGER NOT NULL REFERENCES environments (id),
  baseline       TEXT    NOT NULL,
  model          TEXT    NOT NULL,
  backend        TEXT    NOT NULL,
  prompt_len     INTEGER NOT NULL CHECK (prompt_len >= 0),
  gen_len        INTEGER NOT NULL CHECK (gen_len >= 0),
  runs           INTEGER NOT NULL CHECK (runs >= 0),
  warmup         INTEGER NOT NULL CHECK (warmup >= 0),
  seed           INTEGER NOT NULL,
  experiment     TEXT,
  settings_json  TEXT    NOT NULL CHECK (json_valid(settings_json)), owner_pid INTEGER,
  -- a sweep has finished exactly when it is no longer running
  CHECK ((status = 'running') = (finished_at IS NULL))
) STRICT;
INSERT INTO sweeps VALUES('20261201-151453-32ad','2026-12-01T15:14:57.617Z','2026-12-01T15:15:11.819Z','completed',1,'wgsl-recorded-step','gemma-2b','webgpu',64,64,10,1,1,NULL,'{"model":"gemma-2b","modelConfig":{"vocabSize":256000,"hidden":2048,"intermediate":16384,"layers":18,"heads":8,"kvHeads":1,"headDim":256,"ropeTheta":10000,"rmsEps":0.000001,"maxSeq":8192},"backend":"webgpu","promptLen":64,"genLen":64,"runs":10,"warmup":1,"seed":1,"inProcess":false,"processes":2,"variants":["wgsl-recorded-step","wgsl-recorded-step-split8-paired+wgsl-argmax-wide+fused-qkv"],"baseline":"wgsl-recorded-step","experiment":null,"noiseThresholdPct":1,"correction":"none","git":true,"stat":"robust","paired":true,"loadThreshold":0.25,"allowConcurrent":false,"weightsDtype":"bf16"}',872);
CREATE TABLE variants (
  id          INTEGER PRIMARY KEY,
  sweep_id    TEXT    NOT NULL REFERENCES sweeps (id) ON DELETE CASCADE,
  name        TEXT    NOT NULL CHECK (length(name) > 0),
  description TEXT    NOT NULL DEFAULT '',
  is_baseline INTEGER NOT NULL CHECK (is_baseline IN (0, 1)),
  slots_json  TEXT    NOT NULL CHECK (json_valid(slots_json)),
  commit_sha  TEXT,
  branch      TEXT, startup_s REAL CHECK (startup_s IS NULL OR startup_s >= 0), load_s REAL CHECK (load_s IS NULL OR load_s >= 0), point_of TEXT CHECK (point_of IS NULL OR length(point_of) > 0),
  UNIQUE (sweep_id, name),
  UNIQUE (sweep_id, id)
) STRICT;
INSERT INTO variants VALUES(1,'20261201-151453-32ad','wgsl-recorded-step','Each single-token step replayed from launches recorded once (the lab''s WGSL kernels, bind groups made once; webgpu only), over wgsl-matvec''s [out, in] weights',1,'{"execution":"wgsl-recorded","prefill":"scan","generation":"on-device","qkvProjection":"separate","attentionCore":"in wgsl-recorded","groupMapping":"in wgsl-recorded","kvCache":"in wgsl-recorded","linear":"wgsl-matvec","norm":"in wgsl-recorded","rope":"in wgsl-recorded","mlpActivation":"in wgsl-recorded"}','2a728b1069de21a9565a190de20cb1312270dbd4','lab/20261201-151453-32ad/wgsl-recorded-step',0.98930634750000012722,0.14934235749999991149,NULL);
INSERT INTO variants VALUES(2,'20261201-151453-32ad','wgsl-recorded-step-split8-paired+wgsl-argmax-wide+fused-qkv','combination of wgsl-recorded-step-split8-paired and wgsl-argmax-wide and fused-qkv',0,'{"execution":"wgsl-recorded-split-k8-paired-norms-folded","prefill":"scan","generation":"wgsl-argmax-wide","qkvProjection":"fused","attentionCore":"in wgsl-recorded-split-k8-paired-norms-folded","groupMapping":"in wgsl-recorded-split-k8-paired-norms-folded","kvCache":"in wgsl-recorded-split-k8-paired-norms-folded","linear":"wgsl-matvec","norm":"in wgsl-recorded-split-k8-paired-norms-folded","rope":"in wgsl-recorded-split-k8-paired-norms-folded","mlpActivation":"in wgsl-recorded-split-k8-paired-norms-folded"}','459adc125eba746ef196e4606a12febbef792fbd','lab/20261201-151453-32ad/wgsl-recorded-step-split8-paired+wgsl-argmax-wide+fused-qkv',0.99788503799999994647,0.16364089250000002362,NULL);
CREATE TABLE samples (
  id         INTEGER PRIMARY KEY,
  sweep_id   TEXT    NOT NULL,
  variant_id INTEGER NOT NULL,
  round                   INTEGER NOT NULL CHECK (round >= 0),
  prefill_s               REAL    NOT NULL CHECK (prefill_s >= 0),
  generation_s            REAL    NOT NULL CHECK (generation_s >= 0),
  total_s                 REAL    NOT NULL CHECK (total_s >= 0),
  prefill_tokens_per_s    REAL    NOT NULL CHECK (prefill_tokens_per_s >= 0),
  generation_tokens_per_s REAL    NOT NULL CHECK (generation_tokens_per_s >= 0),
  peak_memory_bytes       INTEGER NOT NULL CHECK (peak_memory_bytes >= 0),
  harness_s               REAL    NOT NULL CHECK (harness_s >= 0),
  commit_sha              TEXT,
  recorded_at             TEXT    NOT NULL, process INTEGER CHECK (process IS NULL OR process >= 0), block INTEGER CHECK (block IS NULL OR block >= 0), foreign_cpu_s REAL CHECK (foreign_cpu_s IS NULL OR foreign_cpu_s >= 0), foreign_load REAL CHECK (foreign_load IS NULL OR foreign_load >= 0), load_flagged INTEGER NOT NULL DEFAULT 0 CHECK (load_flagged IN (0, 1)), superseded INTEGER NOT NULL DEFAULT 0 CHECK (superseded IN (0, 1)), grid_block INTEGER CHECK (grid_block IS NULL OR grid_block >= 0), device TEXT CHECK (device IS NULL OR length(device) > 0), sample_key TEXT CHECK (sample_key IS NULL OR length(sample_key) > 0),
  FOREIGN KEY (sweep_id) REFERENCES sweeps (id) ON DELETE CASCADE,
  -- the variant must belong to the same sweep as the sample
  FOREIGN KEY (sweep_id, variant_id) REFERENCES variants (sweep_id, id) ON DELETE CASCADE
) STRICT;
INSERT INTO samples VALUES(1,'20261201-151453-32ad',2,0,0.15305590000000030004,0.14695034899999973032,0.30000624900000000261,418.14787930422721729,435.52125214755437808,5020781860,0.012351150999999893631,'459adc125eba746ef196e4606a12febbef792fbd','2026-12-01T15:14:58.957Z',0,0,0.0093819999999986691818,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(2,'20261201-151453-32ad',1,0,0.19059759099999973308,0.29338013300000009841,0.4839777239999998315,335.78598587848932765,218.14701406519569103,5020649764,0.0091260569999999652246,'2a728b1069de21a9565a190de20cb1312270dbd4','2026-12-01T15:14:59.451Z',0,0,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(3,'20261201-151453-32ad',1,1,0.19247231400000008871,0.29323284599999988042,0.48570515999999996914,332.51535594880397184,218.25658643984249351,5020649764,0.0080905039999993322297,'2a728b1069de21a9565a190de20cb1312270dbd4','2026-12-01T15:14:59.946Z',0,1,0.12934900000000482123,0.26194843217579366623,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(4,'20261201-151453-32ad',2,1,0.15207353200000034432,0.14617436899999938781,0.29824790099999970438,420.84904031820508409,437.83325652666417225,5020781860,0.010477412000000185798,'459adc125eba746ef196e4606a12febbef792fbd','2026-12-01T15:15:00.256Z',0,1,0.0,0.0,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(5,'20261201-151453-32ad',1,1,0.19270446499999979717,0.29334078600000068615,0.48604525100000045556,332.11477481852881509,218.17627501686672531,5020649764,0.0081960399999997934905,'2a728b1069de21a9565a190de20cb1312270dbd4','2026-12-01T15:15:00.751Z',0,5,0.049380000000000201509,0.099910713449476190595,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(6,'20261201-151453-32ad',2,1,0.15093933199999992611,0.14523801000000002847,0.29617734199999995459,424.01141671940109746,440.65599631942069438,5020781860,0.0065460560000001333236,'459adc125eba746ef196e4606a12febbef792fbd','2026-12-01T15:15:01.054Z',0,5,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(7,'20261201-151453-32ad',2,2,0.15171664299999976233,0.1451315059999997159,0.29684814899999945048,421.83901999466269215,440.97936942789061733,5020781860,0.0092693239999999121891,'459adc125eba746ef196e4606a12febbef792fbd','2026-12-01T15:15:01.362Z',0,2,0.0088370000000015380692,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(8,'20261201-151453-32ad',1,2,0.19264123300000027261,0.29276816400000005291,0.48540939700000035328,332.22378720966713671,218.60300356974602209,5020649764,0.010535629000000878985,'2a728b1069de21a9565a190de20cb1312270dbd4','2026-12-01T15:15:01.858Z',0,2,0.050084999999997492636,0.1009890156656140514,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(9,'20261201-151453-32ad',2,3,0.15121298500000010522,0.14502938399999948382,0.2962423689999996168,423.24407523599876413,441.28988371073978669,5020781860,0.0098107579999995864206,'459adc125eba746ef196e4606a12febbef792fbd','2026-12-01T15:15:02.165Z',0,3,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(10,'20261201-151453-32ad',1,3,0.19240140200000041548,0.29313953200000014698,0.4855409340000005347,332.63790874039403889,218.32606323462360365,5020649764,0.0086268220000002004965,'2a728b1069de21a9565a190de20cb1312270dbd4','2026-12-01T15:15:02.661Z',0,3,0.018252000000000379031,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(11,'20261201-151453-32ad',2,4,0.15145393899999998188,0.19916369200000008654,0.35061763100000009618,422.57071966943038888,321.34371158373573962,5020781860,0.0075532780000002741616,'459adc125eba746ef196e4606a12febbef792fbd','2026-12-01T15:15:03.020Z',0,4,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(12,'20261201-151453-32ad',1,4,0.24830445099999998159,0.29274699400000009363,0.54105144500000001972,257.74809812007760001,218.61881184679211288,5020649764,0.0078298490000007214817,'2a728b1069de21a9565a190de20cb1312270dbd4','2026-12-01T15:15:03.570Z',0,4,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(13,'20261201-151453-32ad',1,5,0.19192055100000016132,0.29659363699999996555,0.48851418800000012687,333.47132272457861289,215.78345593435642514,5020649764,0.012393011999999536953,'2a728b1069de21a9565a190de20cb1312270dbd4','2026-12-01T15:15:07.314Z',1,6,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(14,'20261201-151453-32ad',2,5,0.15106480099999999855,0.16807509099999970447,0.31913989199999970303,423.6592480600427848,380.78218264954034567,5020781860,0.0080702370000012568773,'459adc125eba746ef196e4606a12febbef792fbd','2026-12-01T15:15:07.643Z',1,6,0.0093430000000047641606,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(15,'20261201-151453-32ad',2,6,0.15148391799999991191,0.14594741699999985717,0.29743133499999974134,422.48709199612881092,438.5140985400246336,5020781860,0.0068218640000009544976,'459adc125eba746ef196e4606a12febbef792fbd','2026-12-01T15:15:07.948Z',1,7,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(16,'20261201-151453-32ad',1,6,0.18982758899999954693,0.29284990900000046343,0.48267749800000003812,337.14804226903049766,218.54198356605908769,5020649764,0.01148565399999912362,'2a728b1069de21a9565a190de20cb1312270dbd4','2026-12-01T15:15:08.443Z',1,7,0.029412000000007765265,0.059518804429205630912,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(17,'20261201-151453-32ad',2,7,0.1521464710000000331,0.14518228899999985337,0.29732875999999985872,420.64728533861284629,440.82512020457306788,5020781860,0.01160782400000109904,'459adc125eba746ef196e4606a12febbef792fbd','2026-12-01T15:15:08.753Z',1,8,0.039394999999991853201,0.12751807989173510882,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(18,'20261201-151453-32ad',1,7,0.19198919200000000295,0.29261710899999981982,0.48460630099999979503,333.35209827853225306,218.71585095866709026,5020649764,0.0080094129999997987212,'2a728b1069de21a9565a190de20cb1312270dbd4','2026-12-01T15:15:09.246Z',1,8,0.0093860000000010046505,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(19,'20261201-151453-32ad',1,8,0.19210617399999954657,0.29309799900000055306,0.48520417300000007188,333.14910534837963496,218.35700079276173823,5020649764,0.0085797089999978259911,'2a728b1069de21a9565a190de20cb1312270dbd4','2026-12-01T15:15:09.741Z',1,9,0.049501000000008232859,0.10024831065670232466,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(20,'20261201-151453-32ad',2,8,0.15206109000000014863,0.14551345599999968016,0.2975745459999998288,420.88347518750481414,439.82186774534540061,5020781860,0.0076755609999999974135,'459adc125eba746ef196e4606a12febbef792fbd','2026-12-01T15:15:10.047Z',1,9,0.079397999999988755348,0.26010801693179685933,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(21,'20261201-151453-32ad',1,8,0.23597716399999990599,0.29319938600000022832,0.52917655000000007881,271.21268395275751573,218.28149394555671847,5020649764,0.011468722000001485561,'2a728b1069de21a9565a190de20cb1312270dbd4','2026-12-01T15:15:10.589Z',1,11,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(22,'20261201-151453-32ad',2,8,0.15243676599999980703,0.14634129799999937016,0.29877806399999917719,419.84622003854423157,437.33382766633843632,5020781860,0.057824257000002932116,'459adc125eba746ef196e4606a12febbef792fbd','2026-12-01T15:15:10.946Z',1,11,0.0092810000000085324245,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(23,'20261201-151453-32ad',2,9,0.15479064199999992279,0.14604474899999969617,0.30083539099999961896,413.4616871735697714,438.22184938672552336,5020781860,0.011494474000000087787,'459adc125eba746ef196e4606a12febbef792fbd','2026-12-01T15:15:11.260Z',1,10,0.0093690000000066220309,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(24,'20261201-151453-32ad',1,9,0.1942859930000004065,0.3222385309999999392,0.51652452400000037346,329.41129214600596243,198.61063728595513565,5020649764,0.041243084999998291806,'2a728b1069de21a9565a190de20cb1312270dbd4','2026-12-01T15:15:11.819Z',1,10,0.029385999999997025611,0.052685024239184703731,0,0,NULL,NULL,NULL);
CREATE TABLE warmups (
  id         INTEGER PRIMARY KEY,
  sweep_id   TEXT    NOT NULL,
  variant_id INTEGER NOT NULL,
  round                   INTEGER NOT NULL CHECK (round >= 0),
  prefill_s               REAL    NOT NULL CHECK (prefill_s >= 0),
  generation_s            REAL    NOT NULL CHECK (generation_s >= 0),
  total_s                 REAL    NOT NULL CHECK (total_s >= 0),
  prefill_tokens_per_s    REAL    NOT NULL CHECK (prefill_tokens_per_s >= 0),
  generation_tokens_per_s REAL    NOT NULL CHECK (generation_tokens_per_s >= 0),
  peak_memory_bytes       INTEGER NOT NULL CHECK (peak_memory_bytes >= 0),
  harness_s               REAL    NOT NULL CHECK (harness_s >= 0),
  commit_sha              TEXT,
  recorded_at             TEXT    NOT NULL, process INTEGER CHECK (process IS NULL OR process >= 0), block INTEGER CHECK (block IS NULL OR block >= 0), foreign_cpu_s REAL CHECK (foreign_cpu_s IS NULL OR foreign_cpu_s >= 0), foreign_load REAL CHECK (foreign_load IS NULL OR foreign_load >= 0), load_flagged INTEGER NOT NULL DEFAULT 0 CHECK (load_flagged IN (0, 1)), superseded INTEGER NOT NULL DEFAULT 0 CHECK (superseded IN (0, 1)), grid_block INTEGER CHECK (grid_block IS NULL OR grid_block >= 0), device TEXT CHECK (device IS NULL OR length(device) > 0), sample_key TEXT CHECK (sample_key IS NULL OR length(sample_key) > 0),
  FOREIGN KEY (sweep_id) REFERENCES sweeps (id) ON DELETE CASCADE,
  -- the variant must belong to the same sweep as the sample
  FOREIGN KEY (sweep_id, variant_id) REFERENCES variants (sweep_id, id) ON DELETE CASCADE
) STRICT;
INSERT INTO warmups VALUES(1,'20261201-151453-32ad',2,0,0.17004750599999987614,0.19298867800000016337,0.36303618400000003951,376.36541402730154003,331.62567184381640571,5020781860,0.097593108000000483581,'459adc125eba746ef196e4606a12febbef792fbd','2026-12-01T15:14:58.082Z',0,NULL,0.0091869999999945051172,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(2,'20261201-151453-32ad',1,0,0.19650594099999990627,0.30030793300000024892,0.49681387400000015519,325.68989860718778573,213.11458329007894009,5020649764,0.063036688000000340448,'2a728b1069de21a9565a190de20cb1312270dbd4','2026-12-01T15:14:58.643Z',0,NULL,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(3,'20261201-151453-32ad',1,0,0.19627023300000018268,0.30102889499999990752,0.49729912800000009021,326.08103135028090947,212.60417542309357941,5020649764,0.067313641999999673792,'2a728b1069de21a9565a190de20cb1312270dbd4','2026-12-01T15:15:06.409Z',1,NULL,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(4,'20261201-151453-32ad',2,0,0.16623496999999998191,0.15910446200000000205,0.32533943199999998396,384.99721207878224049,402.25144659990741046,5020781860,0.076884036000000155475,'459adc125eba746ef196e4606a12febbef792fbd','2026-12-01T15:15:06.812Z',1,NULL,0.0094460000000013977228,0.0,0,0,NULL,NULL,NULL);
CREATE TABLE baselines (
  id              INTEGER PRIMARY KEY,
  promoted_at     TEXT    NOT NULL,
  variant         TEXT    NOT NULL CHECK (length(variant) > 0),
  slots_json      TEXT    NOT NULL CHECK (json_valid(slots_json)),
  source_sweep_id TEXT    REFERENCES sweeps (id) ON DELETE SET NULL,
  reset           INTEGER NOT NULL DEFAULT 0 CHECK (reset IN (0, 1))
) STRICT;
CREATE TABLE profiles (
  id               INTEGER PRIMARY KEY,
  created_at       TEXT    NOT NULL,
  variant          TEXT    NOT NULL CHECK (length(variant) > 0),
  slots_json       TEXT    NOT NULL CHECK (json_valid(slots_json)),
  model            TEXT    NOT NULL,
  backend          TEXT    NOT NULL,
  device           TEXT    NOT NULL,
  prompt_len       INTEGER NOT NULL CHECK (prompt_len > 0),
  gen_len          INTEGER NOT NULL CHECK (gen_len > 0),
  environment_json TEXT    NOT NULL CHECK (json_valid(environment_json)),
  result_json      TEXT    NOT NULL CHECK (json_valid(result_json))
) STRICT;
CREATE TABLE calibrations (
  id                   INTEGER PRIMARY KEY,
  created_at           TEXT    NOT NULL,
  machine              TEXT    NOT NULL CHECK (length(machine) > 0),
  backend              TEXT    NOT NULL,
  device               TEXT    NOT NULL,
  model                TEXT    NOT NULL,
  sweeps               INTEGER NOT NULL CHECK (sweeps >= 2),
  false_verdicts       INTEGER NOT NULL CHECK (false_verdicts >= 0 AND false_verdicts <= sweeps),
  false_verdict_rate   REAL    NOT NULL CHECK (false_verdict_rate >= 0 AND false_verdict_rate <= 1),
  rate_ci_low          REAL    NOT NULL,
  rate_ci_high         REAL    NOT NULL,
  noise_pct            REAL    NOT NULL CHECK (noise_pct >= 0),
  resolvable_pct       REAL,
  resolvable_budget_pct REAL,
  sweep_ids_json       TEXT    NOT NULL CHECK (json_valid(sweep_ids_json)),
  result_json          TEXT    NOT NULL CHECK (json_valid(result_json))
) STRICT;
CREATE TABLE variant_params (
  variant_id INTEGER NOT NULL REFERENCES variants(id) ON DELETE CASCADE,
  name       TEXT    NOT NULL CHECK (length(name) > 0),
  value_json TEXT    NOT NULL CHECK (json_valid(value_json)),
  PRIMARY KEY (variant_id, name)
) STRICT;
INSERT INTO variant_params VALUES(1,'attention','"per-head"');
INSERT INTO variant_params VALUES(1,'keysPerSplit','32');
INSERT INTO variant_params VALUES(1,'tiling','"lanes"');
INSERT INTO variant_params VALUES(1,'normsInProducts','false');
INSERT INTO variant_params VALUES(1,'argmax','"baseline"');
INSERT INTO variant_params VALUES(1,'weightsDtype','"sweep"');
INSERT INTO variant_params VALUES(2,'attention','"split-keys"');
INSERT INTO variant_params VALUES(2,'keysPerSplit','8');
INSERT INTO variant_params VALUES(2,'tiling','"paired"');
INSERT INTO variant_params VALUES(2,'normsInProducts','true');
INSERT INTO variant_params VALUES(2,'argmax','"baseline"');
INSERT INTO variant_params VALUES(2,'weightsDtype','"sweep"');
CREATE INDEX sweeps_by_created_at ON sweeps (created_at);
CREATE INDEX sweeps_by_status ON sweeps (status);
CREATE INDEX sweeps_by_environment ON sweeps (environment_id);
CREATE UNIQUE INDEX variants_one_baseline_per_sweep ON variants (sweep_id) WHERE is_baseline = 1;
CREATE INDEX samples_by_sweep_variant ON samples (sweep_id, variant_id, round);
CREATE INDEX warmups_by_sweep_variant ON warmups (sweep_id, variant_id, round);
CREATE INDEX baselines_by_promoted_at ON baselines (promoted_at);
CREATE INDEX profiles_by_variant_created_at ON profiles (variant, created_at);
CREATE INDEX samples_by_sweep_block ON samples (sweep_id, block);
CREATE INDEX calibrations_by_machine ON calibrations (machine, backend, device, created_at);
CREATE UNIQUE INDEX samples_by_key ON samples (sweep_id, sample_key) WHERE sample_key IS NOT NULL;
CREATE UNIQUE INDEX warmups_by_key ON warmups (sweep_id, sample_key) WHERE sample_key IS NOT NULL;
COMMIT;
