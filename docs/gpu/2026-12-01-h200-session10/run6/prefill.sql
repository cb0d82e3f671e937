PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE schema_version (
  version     INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  applied_at  TEXT NOT NULL
) STRICT;
INSERT INTO schema_version VALUES(1,'environments, sweeps, variants, samples, warmups','2026-12-01T20:37:59.267Z');
INSERT INTO schema_version VALUES(2,'baselines: history of lab baseline promote/reset','2026-12-01T20:37:59.269Z');
INSERT INTO schema_version VALUES(3,'each variant''s start-up cost (process start + model build), kept apart from its samples; the pid that runs a sweep','2026-12-01T20:37:59.270Z');
INSERT INTO schema_version VALUES(4,'profiles: `lab profile` results (time by model part and by kernel, per phase)','2026-12-01T20:37:59.271Z');
INSERT INTO schema_version VALUES(5,'which worker process (0, 1, ...) of its variant measured each sample and warm-up (lab sweep --processes); NULL before','2026-12-01T20:37:59.272Z');
INSERT INTO schema_version VALUES(6,'paired rounds (samples.block), foreign load per sample and its re-runs, calibrations (`lab calibrate`)','2026-12-01T20:37:59.276Z');
INSERT INTO schema_version VALUES(7,'parameters: each variant''s parameter values (variant_params) and the parametrized variant it is a point of; the memory block of a grid each sample was measured in','2026-12-01T20:37:59.277Z');
INSERT INTO schema_version VALUES(8,'sweeps spread over devices: the device each sample ran on, and a key that makes a sample delivered twice land once','2026-12-01T20:37:59.279Z');
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
INSERT INTO environments VALUES(1,'0.1.0',NULL,NULL,'webgpu','WebGPU nvidia nvidia-h200','4.22.0','v20.20.2','Intel(R) Xeon(R) Processor',16,135128870912,'Linux 6.18.44-fc-v973-gpu x64','lab sweep parallel-prefill+wgsl-recorded-step-shaped+wgsl-argmax-wide+fused-qkv --baseline wgsl-recorded-step-shaped+wgsl-argmax-wide+fused-qkv --model gemma-2b --backend webgpu --no-git --prompt-len 1024 --gen-len 16 --db /tmp/tmp.267qMeWDSY/prefill.db','{"labVersion":"0.1.0","gitSha":null,"gitDirty":null,"sourceTree":null,"backend":"webgpu","device":"WebGPU nvidia nvidia-h200","tfjsVersion":"4.22.0","nodeVersion":"v20.20.2","hostname":"vm","cpuModel":"Intel(R) Xeon(R) Processor","cpuCores":16,"totalMemoryBytes":135128870912,"os":"Linux 6.18.44-fc-v973-gpu x64","commandLine":"lab sweep parallel-prefill+wgsl-recorded-step-shaped+wgsl-argmax-wide+fused-qkv --baseline wgsl-recorded-step-shaped+wgsl-argmax-wide+fused-qkv --model gemma-2b --backend webgpu --no-git --prompt-len 1024 --gen-len 16 --db /tmp/tmp.267qMeWDSY/prefill.db"}');
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
INSERT INTO sweeps VALUES('20261201-203755-8f7d','2026-12-01T20:37:59.279Z','2026-12-01T20:39:18.793Z','completed',1,'wgsl-recorded-step-shaped+wgsl-argmax-wide+fused-qkv','gemma-2b','webgpu',1024,16,10,1,1,NULL,'{"model":"gemma-2b","modelConfig":{"vocabSize":256000,"hidden":2048,"intermediate":16384,"layers":18,"heads":8,"kvHeads":1,"headDim":256,"ropeTheta":10000,"rmsEps":0.000001,"maxSeq":8192},"backend":"webgpu","promptLen":1024,"genLen":16,"runs":10,"warmup":1,"seed":1,"inProcess":false,"processes":4,"variants":["wgsl-recorded-step-shaped+wgsl-argmax-wide+fused-qkv","parallel-prefill+wgsl-recorded-step-shaped+wgsl-argmax-wide+fused-qkv"],"baseline":"wgsl-recorded-step-shaped+wgsl-argmax-wide+fused-qkv","experiment":null,"noiseThresholdPct":1,"correction":"none","git":false,"stat":"robust","paired":true,"loadThreshold":0.1,"allowConcurrent":false}',923);
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
INSERT INTO variants VALUES(1,'20261201-203755-8f7d','wgsl-recorded-step-shaped+wgsl-argmax-wide+fused-qkv','combination of wgsl-recorded-step-shaped and wgsl-argmax-wide and fused-qkv',1,'{"execution":"wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","prefill":"scan","generation":"wgsl-argmax-wide","qkvProjection":"fused","attentionCore":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","groupMapping":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","kvCache":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","linear":"wgsl-matvec","norm":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","rope":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","mlpActivation":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups"}',NULL,NULL,1.6121153535000001255,0.41249587474999993563,NULL);
INSERT INTO variants VALUES(2,'20261201-203755-8f7d','parallel-prefill+wgsl-recorded-step-shaped+wgsl-argmax-wide+fused-qkv','combination of parallel-prefill and wgsl-recorded-step-shaped and wgsl-argmax-wide and fused-qkv',0,'{"execution":"wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","prefill":"parallel","generation":"wgsl-argmax-wide","qkvProjection":"fused","attentionCore":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","groupMapping":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","kvCache":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","linear":"wgsl-matvec","norm":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","rope":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","mlpActivation":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups"}',NULL,NULL,1.4252295147500000371,0.33706907975000000021,NULL);
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
INSERT INTO samples VALUES(1,'20261201-203755-8f7d',2,0,0.14061931799999910497,0.049665315000000188894,0.19028463299999931468,7282.0720123248393064,322.15641841796309563,10212034796,0.055018111000001201915,NULL,'2026-12-01T20:38:04.208Z',0,0,0.019260000000002719389,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(2,'20261201-203755-8f7d',1,0,3.1221793120000000953,0.049476553999998944266,3.1716558659999991576,327.97603778370046257,323.38549689617309469,10068342948,0.025154850000000728016,NULL,'2026-12-01T20:38:07.406Z',0,0,0.069360999999998895759,0.021696936779161776764,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(3,'20261201-203755-8f7d',1,1,3.0801279030000006109,0.047267208999999636709,3.1273951120000003101,332.45372667889495233,338.501052600760147,10068342948,0.014137221999999116661,NULL,'2026-12-01T20:38:10.549Z',0,1,0.059188999999976843469,0.018840805602854844569,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(4,'20261201-203755-8f7d',2,1,0.13908341999999901394,0.052315527000000659751,0.19139894699999968064,7362.487922715786226,305.83654447368559202,10212034796,0.037311295999999855022,NULL,'2026-12-01T20:38:10.778Z',0,1,0.049358000000037094423,0.21581018564191370434,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(5,'20261201-203755-8f7d',1,1,3.0853039659999974553,0.048814363000001324832,3.1341183289999992034,331.89598538246616499,327.77238125589320816,10068342948,0.011638692000002226478,NULL,'2026-12-01T20:38:13.925Z',0,3,0.098780999999963370328,0.031401344522331217645,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(6,'20261201-203755-8f7d',2,1,0.13877354099999866798,0.072869254000001090765,0.21164279499999974487,7378.92823531835802,219.57134349145059103,10212034796,0.033102560999999697255,NULL,'2026-12-01T20:38:14.171Z',0,3,0.019259000000030113142,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(7,'20261201-203755-8f7d',2,2,0.14609886499999993891,0.053071013999997376786,0.19916987899999730182,7008.9524651680249005,301.48283957794342314,10212034796,0.027231519000004478225,NULL,'2026-12-01T20:38:14.399Z',0,2,0.0090899999999720648702,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(8,'20261201-203755-8f7d',1,2,3.0788491959999992886,0.047391060999998443903,3.1262402569999978574,332.59180129067948427,337.61641251291092658,10068342948,0.015361113000002646344,NULL,'2026-12-01T20:38:17.541Z',0,2,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(9,'20261201-203755-8f7d',2,3,0.14407775399999991905,0.047125503000000207309,0.19120325700000012636,7107.2734795685428253,339.51892248237498961,10212034796,0.040934149000001529561,NULL,'2026-12-01T20:38:25.684Z',1,4,0.019246000000002538854,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(10,'20261201-203755-8f7d',1,3,3.0860443760000006996,0.047197113999998693834,3.1332414899999996293,331.81635622727668533,339.00377891750844128,10068342948,0.021333408000002940241,NULL,'2026-12-01T20:38:28.840Z',1,4,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(11,'20261201-203755-8f7d',2,4,0.14025729200000022767,0.047788386999998690163,0.18804567899999893865,7300.868178746801277,334.80937534050769954,10212034796,0.042698290999996946215,NULL,'2026-12-01T20:38:29.072Z',1,5,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(12,'20261201-203755-8f7d',1,4,3.0824099839999998806,0.048040401000000204634,3.1304503850000000575,332.20759253808597576,333.05300678068721254,10068342948,0.0099393650000019206913,NULL,'2026-12-01T20:38:32.213Z',1,5,0.079441999999968260226,0.025296860047377307811,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(13,'20261201-203755-8f7d',1,5,3.0871981430000006163,0.048303740999999719707,3.1355018840000004054,331.6923477431619176,331.23728449935362051,10068342948,0.018290934000001257686,NULL,'2026-12-01T20:38:43.757Z',2,6,0.32933500000003412822,0.10442505865330876935,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(14,'20261201-203755-8f7d',2,5,0.1404453610000000463,0.04832435299999997269,0.18876971400000003287,7291.0916580576813428,331.09600039549434314,10212034796,0.0534955800000043169,NULL,'2026-12-01T20:38:44.001Z',2,6,0.027830999999952865664,0.11487819629646318919,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(15,'20261201-203755-8f7d',1,5,3.0848416500000004347,0.047161425000000235796,3.1320030750000005248,331.94572564202763941,339.26031709177402718,10068342948,0.0166324179999937094,NULL,'2026-12-01T20:38:47.151Z',2,9,0.15933100000002475837,0.050603189970464153291,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(16,'20261201-203755-8f7d',2,5,0.14061092199999983276,0.050784568999999467331,0.19139549099999930703,7282.5068311549885037,315.05633138286884787,10212034796,0.045169773000005075669,NULL,'2026-12-01T20:38:47.388Z',2,9,0.029365000000023400161,0.12413065005191487033,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(17,'20261201-203755-8f7d',1,5,3.0844791360000001212,0.047797265000001060153,3.1322764010000008205,331.98473870305991795,334.74718689447286123,10068342948,0.012306673000001211448,NULL,'2026-12-01T20:38:50.534Z',2,10,0.029351999999956746023,0.0093341467880573882054,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(18,'20261201-203755-8f7d',2,5,0.13980825299999924404,0.051838749999998982864,0.19164700299999823385,7324.3172561494311592,308.64941766536259136,10212034796,0.044177572000000497887,NULL,'2026-12-01T20:38:50.771Z',2,10,0.0093770000000006348273,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(19,'20261201-203755-8f7d',2,6,0.14275919500000236461,0.047456898000000365123,0.1902160930000027228,7172.9180036353036484,337.14803694080211471,10212034796,0.039336455999997271826,NULL,'2026-12-01T20:38:51.001Z',2,7,0.039208000000037657173,0.17080184981974499969,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(20,'20261201-203755-8f7d',1,6,3.0842432120000013995,0.046953674000000319987,3.1311968860000014558,332.01013331759241964,340.76140665797294104,10068342948,0.0129482429999954185,NULL,'2026-12-01T20:38:54.146Z',2,7,0.069414999999963811205,0.022077543227796682379,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(21,'20261201-203755-8f7d',2,6,0.14002118300000074291,0.047180621999999859672,0.18720180500000060952,7313.1791780390440179,339.12227778599543625,10212034796,0.039289167999999319302,NULL,'2026-12-01T20:38:54.374Z',2,11,0.029339000000035753146,0.12953717144407234096,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(22,'20261201-203755-8f7d',1,6,3.0830483889999995561,0.047409922999999250248,3.1304583119999986884,332.13880250907737946,337.48209209283578501,10068342948,0.0094436590000079867479,NULL,'2026-12-01T20:38:57.515Z',2,11,0.0,0.0,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(23,'20261201-203755-8f7d',2,6,0.14008551799999985343,0.064068791000001512614,0.20415430900000136604,7309.8205626080571162,249.7315736767940848,10212034796,0.046235671999998895209,NULL,'2026-12-01T20:38:57.766Z',2,12,0.0092470000000410834672,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(24,'20261201-203755-8f7d',1,6,3.0838437320000013919,0.047216763000000355754,3.1310604950000016089,332.05314179000026797,338.86270433235500831,10068342948,0.010923385999991097605,NULL,'2026-12-01T20:39:00.909Z',2,12,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(25,'20261201-203755-8f7d',2,7,0.13880033799999727528,0.063176593000000141886,0.20197693099999741717,7377.5036484422689682,253.2583547200774774,10212034796,0.032892032000003373903,NULL,'2026-12-01T20:39:01.146Z',2,8,0.0192959999999828824,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(26,'20261201-203755-8f7d',1,7,3.0921213329999992502,0.048185504999997644248,3.1403068379999967696,331.1642363679524692,332.05006360316826885,10068342948,0.011140607000001079285,NULL,'2026-12-01T20:39:04.298Z',2,8,0.19937800000001004718,0.063265532260846635281,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(27,'20261201-203755-8f7d',1,8,3.0868425010000000163,0.047020746000000147868,3.133863247000000296,331.73056275733841858,340.27533293495491762,10068342948,0.019251999000001074335,NULL,'2026-12-01T20:39:15.165Z',3,13,0.049392999999978925984,0.01566482546511365273,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(28,'20261201-203755-8f7d',2,8,0.14042120300000168753,0.054676584999999250369,0.1950977880000009379,7292.3460141556233791,292.62983414198635045,10212034796,0.051546095999989133273,NULL,'2026-12-01T20:39:15.413Z',3,13,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(29,'20261201-203755-8f7d',2,9,0.1442642869999999633,0.047775976999999331118,0.19204026399999929441,7098.0838105830052881,334.89634340706885494,10212034796,0.042638296000000991403,NULL,'2026-12-01T20:39:15.648Z',3,14,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(30,'20261201-203755-8f7d',1,9,3.0819099650000008061,0.047874722000000473343,3.1297846870000012309,332.26149096798798154,334.20559601369262737,10068342948,0.013749186999999274405,NULL,'2026-12-01T20:39:18.792Z',3,14,0.019482000000030197384,0.0,0,0,NULL,NULL,NULL);
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
INSERT INTO warmups VALUES(1,'20261201-203755-8f7d',2,0,0.32524574600000005775,0.087516931999999991731,0.41276267800000004948,3148.388603367005544,182.82176527851777336,10212034796,0.28970590799999990094,NULL,'2026-12-01T20:37:59.986Z',0,NULL,0.0090089999999909409211,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(2,'20261201-203755-8f7d',1,0,3.2938425790000001036,0.20271130399999948146,3.4965538829999998071,310.88310246778189593,78.929984092056557189,10068342948,0.47705428399999938449,NULL,'2026-12-01T20:38:03.961Z',0,NULL,0.41467500000001678017,0.10435729507599858512,1,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(3,'20261201-203755-8f7d',1,0,3.2685363280000001573,0.064139860000000228912,3.3326761880000002058,313.29007764970447169,249.45486316932937143,10068342948,0.12633343799999874335,NULL,'2026-12-01T20:38:24.882Z',1,NULL,0.079193000000032043317,0.022894703560455507279,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(4,'20261201-203755-8f7d',2,0,0.29421314300000084296,0.077925490999999971752,0.37213863400000080083,3480.4699394411386492,205.32433988770125666,10212034796,0.19564026699999703673,NULL,'2026-12-01T20:38:25.451Z',1,NULL,0.0092789999999958183707,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(5,'20261201-203755-8f7d',2,0,0.32491636500000004028,0.078737839999999781337,0.40365420499999982162,3151.5802535831026033,203.20598075842625008,10212034796,0.2480909880000026213,NULL,'2026-12-01T20:38:37.112Z',2,NULL,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(6,'20261201-203755-8f7d',1,0,3.2800376679999998508,0.075986327999999964122,3.3560239959999997871,312.19153669792552819,210.56419517995405498,10068342948,0.13360741100000117498,NULL,'2026-12-01T20:38:40.603Z',2,NULL,0.069322000000003214381,0.01986513528647961338,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(7,'20261201-203755-8f7d',1,0,3.2320879780000004721,0.078212855999999192357,3.3103008339999995257,316.82305895449229637,204.56994947224742987,10068342948,0.090203496000011096356,NULL,'2026-12-01T20:39:11.380Z',3,NULL,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(8,'20261201-203755-8f7d',2,0,0.3368639379999995298,0.096913510000000313571,0.43377744799999984337,3039.8029723205381741,165.0956610693385187,10212034796,0.19652085300000265988,NULL,'2026-12-01T20:39:12.011Z',3,NULL,0.0093469999999893360609,0.0,0,0,NULL,NULL,NULL);
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
INSERT INTO variant_params VALUES(1,'attention','"kv-split"');
INSERT INTO variant_params VALUES(1,'keysPerSplit','8');
INSERT INTO variant_params VALUES(1,'tiling','"shaped"');
INSERT INTO variant_params VALUES(1,'normsInProducts','true');
INSERT INTO variant_params VALUES(1,'ropeInAttention','true');
INSERT INTO variant_params VALUES(1,'reduction','"subgroups"');
INSERT INTO variant_params VALUES(1,'unroll','1');
INSERT INTO variant_params VALUES(1,'prefetchMiB','0');
INSERT INTO variant_params VALUES(1,'argmax','"baseline"');
INSERT INTO variant_params VALUES(1,'weightsDtype','"sweep"');
INSERT INTO variant_params VALUES(2,'attention','"kv-split"');
INSERT INTO variant_params VALUES(2,'keysPerSplit','8');
INSERT INTO variant_params VALUES(2,'tiling','"shaped"');
INSERT INTO variant_params VALUES(2,'normsInProducts','true');
INSERT INTO variant_params VALUES(2,'ropeInAttention','true');
INSERT INTO variant_params VALUES(2,'reduction','"subgroups"');
INSERT INTO variant_params VALUES(2,'unroll','1');
INSERT INTO variant_params VALUES(2,'prefetchMiB','0');
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
