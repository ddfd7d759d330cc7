"""One realistic short letter in each of the 24 official EU languages: the shared test data.

Each letter has a letterhead, a dateline ``Place, <date written in that language>``, an inside address
with an honorific, a salutation, two body paragraphs of real sentences, a complimentary close and a
signature (name, then role). The text test (``test_languages.py``) reads them as plain text; the DOCX
and PDF tests build the same letters in those formats, so that one set of expectations checks that
every reader hands the shared heuristics the same letter.
"""

from __future__ import annotations

from dataclasses import dataclass

EU_LANGUAGES = (
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr",
    "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",
)  # fmt: skip


@dataclass(frozen=True)
class Case:
    lang: str
    #: letterhead, dateline and inside address (blocks separated by blank lines)
    head: str
    salutation: str
    body: tuple[str, str]
    closing: str
    #: signature lines: the name first, then the role
    signature: str
    date: str
    signatory: str

    def text(self) -> str:
        parts = [self.head.strip(), self.salutation, *self.body, self.closing, self.signature.strip()]
        return "\n\n".join(parts) + "\n"

    def head_blocks(self) -> tuple[list[str], str, list[str]]:
        """(letterhead lines, dateline, inside address lines): the three blocks of ``head``."""
        letterhead, dateline, address = (b.strip() for b in self.head.strip().split("\n\n"))
        return letterhead.splitlines(), dateline, address.splitlines()

    def signature_lines(self) -> list[str]:
        """The signature block: the name, then the role."""
        return self.signature.strip().splitlines()


CASES = [
    Case(
        "bg",
        """
Министерство на околната среда и водите
бул. „Мария Луиза“ 22
1000 София

София, 29 юни 2016 г.

Г-н Петър Иванов
Председател на Сдружение „Зелена Странджа“
ул. „Граф Игнатиев“ 15
8000 Бургас
""",
        "Уважаеми господин Иванов,",
        (
            "Благодарим Ви за писмото от 3 юни 2016 г., в което изразявате загрижеността на Вашето "
            "сдружение относно опазването на защитените територии в района на Странджа. Министерството "
            "внимателно разгледа всички изложени от Вас аргументи и предложения.",
            "Бих искал да Ви уведомя, че през есента ще бъде проведена обществена консултация по "
            "проекта на новия план за управление на природния парк. Ще се радваме, ако представители "
            "на Вашето сдружение вземат участие в работната група и споделят своя опит с нас.",
        ),
        "С уважение,",
        """
Георги Димитров
Заместник-министър на околната среда и водите
""",
        "2016-06-29",
        "Георги Димитров",
    ),
    Case(
        "cs",
        """
Ministerstvo životního prostředí
Vršovická 1442/65
100 10 Praha 10

V Praze dne 29. června 2016

Ing. Petr Dvořák
předseda Sdružení vlastníků obecních a soukromých lesů
Jindřišská 34
110 00 Praha 1
""",
        "Vážený pane předsedo,",
        (
            "děkuji Vám za Váš dopis ze dne 3. června 2016, ve kterém upozorňujete na problémy "
            "vlastníků lesů v souvislosti s kůrovcovou kalamitou. Ministerstvo si je závažnosti "
            "situace plně vědomo a připravuje opatření, která by měla vlastníkům lesů pomoci.",
            "Rád bych Vás informoval, že na podzim bude zahájeno projednávání nového programu "
            "finanční podpory pro obnovu lesních porostů. Budeme rádi, pokud se zástupci Vašeho "
            "sdružení zapojí do pracovní skupiny a podělí se s námi o své zkušenosti z praxe.",
        ),
        "S pozdravem",
        """
Mgr. Jana Svobodová
ředitelka odboru ochrany lesa
""",
        "2016-06-29",
        "Jana Svobodová",
    ),
    Case(
        "da",
        """
Miljø- og Fødevareministeriet
Slotsholmsgade 12
1216 København K

København, den 3. februar 2017

Hr. Lars Jensen
Formand for Danmarks Naturfredningsforening
Masnedøgade 20
2100 København Ø
""",
        "Kære Lars Jensen",
        (
            "Tak for dit brev af 20. januar 2017, hvor du gør opmærksom på foreningens bekymringer "
            "om beskyttelsen af de danske kystområder. Ministeriet har læst dine synspunkter og "
            "forslag med stor interesse, og vi deler ønsket om at bevare naturen for de kommende "
            "generationer.",
            "Jeg kan oplyse, at ministeriet i løbet af foråret vil indkalde til et møde med de "
            "relevante organisationer om den nye strategi for kystbeskyttelse. Vi vil sætte stor "
            "pris på, hvis foreningen vil deltage i arbejdet og bidrage med sin viden og erfaring.",
        ),
        "Med venlig hilsen",
        """
Mette Rasmussen
Kontorchef i Naturstyrelsen
""",
        "2017-02-03",
        "Mette Rasmussen",
    ),
    Case(
        "de",
        """
Bundesministerium für Umwelt, Naturschutz und nukleare Sicherheit
Stresemannstraße 128–130
10117 Berlin

Berlin, den 29. Juni 2016

Herrn
Dr. Thomas Müller
Vorsitzender des Naturschutzbundes Brandenburg e.V.
Lindenstraße 34
14467 Potsdam
""",
        "Sehr geehrter Herr Dr. Müller,",
        (
            "vielen Dank für Ihr Schreiben vom 3. Juni 2016, in dem Sie auf die Sorgen Ihres Verbandes "
            "um den Schutz der Feuchtgebiete in Brandenburg hinweisen. Das Ministerium hat Ihre "
            "Argumente und Vorschläge sorgfältig geprüft und teilt Ihr Anliegen.",
            "Ich freue mich, Ihnen mitteilen zu können, dass im Herbst eine öffentliche Anhörung zum "
            "Entwurf des neuen Bewirtschaftungsplans stattfinden wird. Wir würden uns freuen, wenn "
            "Vertreter Ihres Verbandes in der Arbeitsgruppe mitwirken und ihre Erfahrungen einbringen.",
        ),
        "Mit freundlichen Grüßen",
        """
Dr. Anna Schneider
Leiterin des Referats Naturschutz und Landschaftspflege
""",
        "2016-06-29",
        "Anna Schneider",
    ),
    Case(
        "el",
        """
Υπουργείο Περιβάλλοντος και Ενέργειας
Μεσογείων 119
101 92 Αθήνα

Αθήνα, 15 Σεπτεμβρίου 2016

Προς τον κ. Γεώργιο Παπαδόπουλο
Πρόεδρο του Συλλόγου Προστασίας Περιβάλλοντος
Ερμού 25
546 24 Θεσσαλονίκη
""",
        "Αξιότιμε κύριε Παπαδόπουλε,",
        (
            "Σας ευχαριστούμε για την επιστολή σας της 2ας Σεπτεμβρίου, με την οποία εκφράζετε την "
            "ανησυχία του συλλόγου σας για την προστασία των υγροτόπων της Μακεδονίας. Το Υπουργείο "
            "εξέτασε με προσοχή όλες τις προτάσεις σας και αναγνωρίζει τη σημασία τους.",
            "Θα ήθελα να σας ενημερώσω ότι το φθινόπωρο θα ξεκινήσει δημόσια διαβούλευση για το νέο "
            "σχέδιο διαχείρισης των προστατευόμενων περιοχών. Θα χαρούμε ιδιαίτερα αν εκπρόσωποι του "
            "συλλόγου σας συμμετάσχουν στην ομάδα εργασίας και μοιραστούν μαζί μας την εμπειρία τους.",
        ),
        "Με εκτίμηση,",
        """
Μαρία Κωνσταντίνου
Γενική Γραμματέας του Υπουργείου
""",
        "2016-09-15",
        "Μαρία Κωνσταντίνου",
    ),
    Case(
        "en",
        """
Department for Environment, Food and Rural Affairs
Nobel House, 17 Smith Square
London SW1P 3JR

London, 29 June 2016

Mr Andrew Taylor
Chair, Norfolk Wildlife Trust
Bewick House, 22 Thorpe Road
Norwich NR1 1RY
""",
        "Dear Mr Taylor,",
        (
            "Thank you for your letter of 3 June 2016, in which you set out the Trust's concerns "
            "about the protection of the wetlands on the Norfolk Broads. The Department has "
            "considered your arguments and proposals carefully and shares many of your concerns.",
            "I am pleased to tell you that a public consultation on the draft of the new management "
            "plan will be launched in the autumn. We would welcome it if representatives of the Trust "
            "joined the working group and shared their experience with us.",
        ),
        "Yours sincerely,",
        """
Helen Clarke
Director of Natural Environment Policy
""",
        "2016-06-29",
        "Helen Clarke",
    ),
    Case(
        "es",
        """
Ministerio de Agricultura, Alimentación y Medio Ambiente
Plaza de San Juan de la Cruz, s/n
28071 Madrid

Madrid, 12 de enero de 2017

Sr. D. Javier García Martín
Presidente de la Asociación para la Defensa de la Naturaleza
Calle Mayor, 14
41001 Sevilla
""",
        "Estimado Sr. García:",
        (
            "Le agradecemos su carta del 2 de enero de 2017, en la que expresa la preocupación de su "
            "asociación por la protección de los humedales de Doñana. El Ministerio ha estudiado con "
            "atención todos los argumentos y propuestas que nos ha hecho llegar.",
            "Me complace informarle de que en primavera se abrirá una consulta pública sobre el "
            "borrador del nuevo plan de gestión del parque. Nos alegraría mucho que representantes de "
            "su asociación participaran en el grupo de trabajo y compartieran su experiencia.",
        ),
        "Atentamente,",
        """
María López Fernández
Directora General de Calidad y Evaluación Ambiental
""",
        "2017-01-12",
        "María López Fernández",
    ),
    Case(
        "et",
        """
Keskkonnaministeerium
Narva mnt 7a
15172 Tallinn

Tallinn, 29. juuni 2016

Hr Jaan Tamm
Eesti Looduskaitse Seltsi juhatuse esimees
Riia 12
51010 Tartu
""",
        "Lugupeetud härra Tamm",
        (
            "Täname Teid 3. juuni kirja eest, milles juhite tähelepanu seltsi murele Lääne-Eesti "
            "rannaniitude kaitse pärast. Ministeerium on kõiki Teie esitatud argumente ja ettepanekuid "
            "hoolikalt kaalunud ning jagab Teie muret nende väärtuslike alade säilimise pärast.",
            "Soovin Teile teatada, et sügisel algab avalik arutelu kaitsealade uue kaitsekorralduskava "
            "eelnõu üle. Meil on hea meel, kui seltsi esindajad osalevad töörühma töös ja jagavad "
            "meiega oma kogemusi ning teadmisi.",
        ),
        "Lugupidamisega",
        """
Mari Kask
looduskaitse osakonna juhataja
""",
        "2016-06-29",
        "Mari Kask",
    ),
    Case(
        "fi",
        """
Ympäristöministeriö
Aleksanterinkatu 7
00130 Helsinki

Helsinki, 29. kesäkuuta 2016

Herra Matti Virtanen
puheenjohtaja, Suomen luonnonsuojeluliitto ry
Itälahdenkatu 22 b A
00210 Helsinki
""",
        "Hyvä herra Virtanen,",
        (
            "Kiitämme 3. kesäkuuta päivätystä kirjeestänne, jossa tuotte esiin liiton huolen "
            "Itämeren rannikon kosteikkojen suojelusta. Ministeriö on käynyt huolellisesti läpi "
            "kaikki esittämänne perustelut ja ehdotukset, ja jaamme huolenne näiden alueiden "
            "säilymisestä.",
            "Haluan ilmoittaa, että syksyllä alkaa julkinen kuuleminen suojelualueiden uuden "
            "hoito- ja käyttösuunnitelman luonnoksesta. Olisimme iloisia, jos liiton edustajat "
            "osallistuisivat työryhmän työhön ja jakaisivat kokemuksensa kanssamme.",
        ),
        "Ystävällisin terveisin",
        """
Liisa Korhonen
ympäristöneuvos
""",
        "2016-06-29",
        "Liisa Korhonen",
    ),
    Case(
        "fr",
        """
Ministère de l'Environnement, de l'Énergie et de la Mer
246, boulevard Saint-Germain
75007 Paris

Paris, le 7 novembre 2016

Monsieur Jean Dupont
Président de l'Association pour la protection du littoral breton
12, rue de Siam
29200 Brest
""",
        "Monsieur le Président,",
        (
            "Je vous remercie de votre lettre du 18 octobre 2016, par laquelle vous appelez mon "
            "attention sur les inquiétudes de votre association quant à la protection des zones "
            "humides du littoral breton. Mes services ont examiné avec attention l'ensemble de vos "
            "arguments et de vos propositions.",
            "J'ai le plaisir de vous informer qu'une consultation publique sur le projet de nouveau "
            "plan de gestion sera ouverte au printemps. Je serais heureuse que des représentants de "
            "votre association participent au groupe de travail et nous fassent part de leur expérience.",
        ),
        "Je vous prie d'agréer, Monsieur le Président, l'expression de mes salutations distinguées.",
        """
Claire Martin
Directrice de l'eau et de la biodiversité
""",
        "2016-11-07",
        "Claire Martin",
    ),
    Case(
        "ga",
        """
An Roinn Ealaíon, Oidhreachta agus Gaeltachta
23 Cearnóg Chill Dara
Baile Átha Cliath 2

Baile Átha Cliath, 29 Meitheamh 2016

An tUasal Seán Ó Briain
Cathaoirleach ar Chonradh na Gaeilge
6 Sráid Fhearchair
Baile Átha Cliath 2
""",
        "A chara,",
        (
            "Go raibh maith agat as do litir dar dáta 3 Meitheamh 2016, ina léirítear imní an "
            "Chonartha faoi na seirbhísí trí Ghaeilge atá ar fáil do mhuintir na Gaeltachta. Tá an "
            "Roinn tar éis na moltaí ar fad a rinne tú a mheas go cúramach, agus aontaímid go bhfuil "
            "gá le tuilleadh tacaíochta do na pobail sin.",
            "Ba mhaith liom a chur in iúl duit go mbeidh comhairliúchán poiblí ar siúl san fhómhar "
            "faoin bplean nua don Ghaeilge. Bheimis an-bhuíoch dá nglacfadh ionadaithe ón gConradh "
            "páirt sa ghrúpa oibre agus dá roinnfidís a gcuid taithí linn.",
        ),
        "Is mise le meas,",
        """
Máire Ní Bhriain
Rúnaí Cúnta na Roinne
""",
        "2016-06-29",
        "Máire Ní Bhriain",
    ),
    Case(
        "hr",
        """
Ministarstvo zaštite okoliša i energetike
Radnička cesta 80
10000 Zagreb

Zagreb, 29. lipnja 2016.

Gospodin Ivan Horvat
predsjednik Udruge za zaštitu prirode Zelena Istra
Gajeva 5
52100 Pula
""",
        "Poštovani gospodine Horvat,",
        (
            "zahvaljujemo Vam na dopisu od 3. lipnja 2016., u kojem izražavate zabrinutost Vaše "
            "udruge zbog zaštite močvarnih staništa u dolini rijeke Mirne. Ministarstvo je pažljivo "
            "razmotrilo sve Vaše argumente i prijedloge te dijeli Vašu zabrinutost za očuvanje tih "
            "vrijednih područja.",
            "Želim Vas obavijestiti da će tijekom jeseni započeti javno savjetovanje o nacrtu novog "
            "plana upravljanja zaštićenim područjima. Bilo bi nam drago kada bi predstavnici Vaše "
            "udruge sudjelovali u radu radne skupine i podijelili s nama svoje iskustvo.",
        ),
        "S poštovanjem,",
        """
Ana Kovačević
pomoćnica ministra
""",
        "2016-06-29",
        "Ana Kovačević",
    ),
    Case(
        "hu",
        """
Földművelésügyi Minisztérium
Kossuth Lajos tér 11.
1055 Budapest

Budapest, 2016. június 29.

Kovács Péter úr
elnök, Magyar Madártani és Természetvédelmi Egyesület
Költő utca 21.
1121 Budapest
""",
        "Tisztelt Kovács Úr!",
        (
            "Köszönjük június 3-án kelt levelét, amelyben az egyesület aggodalmát fejezi ki a "
            "Hortobágy vizes élőhelyeinek védelme miatt. A minisztérium gondosan megvizsgálta az Ön "
            "által felvetett érveket és javaslatokat, és osztja az egyesület aggodalmait.",
            "Tájékoztatom, hogy ősszel nyilvános egyeztetés kezdődik a védett területek új kezelési "
            "tervének tervezetéről. Örülnénk, ha az egyesület képviselői részt vennének a "
            "munkacsoport munkájában, és megosztanák velünk tapasztalataikat.",
        ),
        "Tisztelettel:",
        """
Dr. Nagy Katalin
főosztályvezető
""",
        "2016-06-29",
        "Nagy Katalin",
    ),
    Case(
        "it",
        """
Ministero dell'Ambiente e della Tutela del Territorio e del Mare
Via Cristoforo Colombo, 44
00147 Roma

Roma, 18 ottobre 2016

Gent.mo Dott. Marco Rossi
Presidente della Lega per la Protezione degli Uccelli
Via Udine, 3/a
43122 Parma
""",
        "Gentile Dott. Rossi,",
        (
            "La ringrazio per la Sua lettera del 30 settembre 2016, con la quale esprime la "
            "preoccupazione della Sua associazione per la tutela delle zone umide del delta del Po. "
            "Il Ministero ha esaminato con attenzione tutti gli argomenti e le proposte che ci ha "
            "inviato.",
            "Sono lieta di informarLa che in primavera sarà avviata una consultazione pubblica sulla "
            "bozza del nuovo piano di gestione del parco. Saremmo molto lieti se i rappresentanti "
            "della Sua associazione partecipassero al gruppo di lavoro e condividessero la loro "
            "esperienza.",
        ),
        "Cordiali saluti",
        """
Giulia Bianchi
Direttrice generale per la protezione della natura e del mare
""",
        "2016-10-18",
        "Giulia Bianchi",
    ),
    Case(
        "lt",
        """
Lietuvos Respublikos aplinkos ministerija
A. Jakšto g. 4
LT-01105 Vilnius

Vilnius, 2016 m. birželio 29 d.

Ponui Jonui Petraičiui
Lietuvos gamtos fondo tarybos pirmininkui
Algirdo g. 22
LT-03218 Vilnius
""",
        "Gerbiamas pone Petraiti,",
        (
            "Dėkojame už Jūsų birželio 3 d. laišką, kuriame išreiškiate fondo susirūpinimą dėl "
            "Nemuno deltos šlapynių apsaugos. Ministerija atidžiai išnagrinėjo visus Jūsų "
            "pateiktus argumentus ir pasiūlymus ir pritaria, kad šias vertingas teritorijas būtina "
            "išsaugoti.",
            "Norėčiau Jus informuoti, kad rudenį prasidės vieša konsultacija dėl naujojo saugomų "
            "teritorijų tvarkymo plano projekto. Būtume labai dėkingi, jei fondo atstovai "
            "dalyvautų darbo grupės veikloje ir pasidalytų su mumis savo patirtimi.",
        ),
        "Pagarbiai",
        """
Rūta Kazlauskienė
gamtos apsaugos departamento direktorė
""",
        "2016-06-29",
        "Rūta Kazlauskienė",
    ),
    Case(
        "lv",
        """
Vides aizsardzības un reģionālās attīstības ministrija
Peldu iela 25
Rīga, LV-1494

Rīgā, 2016. gada 29. jūnijā

Jānim Bērziņam
Latvijas Dabas fonda valdes priekšsēdētājam
Vīlandes iela 3
Rīga, LV-1010
""",
        "Godātais Bērziņa kungs!",
        (
            "Pateicamies par Jūsu 3. jūnija vēstuli, kurā paužat fonda bažas par Ziemeļvidzemes "
            "mitrāju aizsardzību. Ministrija ir rūpīgi izvērtējusi visus Jūsu minētos argumentus un "
            "priekšlikumus, un mēs piekrītam, ka šīs vērtīgās teritorijas ir jāsaglabā.",
            "Vēlos Jūs informēt, ka rudenī sāksies sabiedriskā apspriešana par jaunā aizsargājamo "
            "teritoriju dabas aizsardzības plāna projektu. Mēs būtu ļoti priecīgi, ja fonda pārstāvji "
            "piedalītos darba grupā un dalītos ar mums savā pieredzē.",
        ),
        "Ar cieņu",
        """
Ilze Ozola
valsts sekretāre
""",
        "2016-06-29",
        "Ilze Ozola",
    ),
    Case(
        "mt",
        """
Ministeru għall-Ambjent, Żvilupp Sostenibbli u Tibdil fil-Klima
Triq il-Kukkanja
Santa Venera SVR 1411

Il-Belt Valletta, 29 ta' Ġunju 2016

Is-Sur Joseph Borg
President ta' Din l-Art Ħelwa
133 Triq Melita
Il-Belt Valletta VLT 1123
""",
        "Għażiż Sur Borg,",
        (
            "Nirringrazzjak tal-ittra tiegħek tat-3 ta' Ġunju, li fiha esprimejt it-tħassib "
            "tal-għaqda dwar il-protezzjoni tal-wirt naturali u kulturali tal-gżejjer Maltin. "
            "Il-Ministeru eżamina bir-reqqa l-proposti kollha li għamilt u jaqbel li hemm bżonn ta' "
            "aktar azzjoni.",
            "Nixtieq ninfurmak li matul il-ħarifa se tibda konsultazzjoni pubblika dwar il-pjan "
            "il-ġdid għall-ġestjoni taż-żoni protetti. Inkunu grati jekk rappreżentanti tal-għaqda "
            "tiegħek jieħdu sehem fil-grupp ta' ħidma u jaqsmu l-esperjenza tagħhom magħna.",
        ),
        "Dejjem tiegħek,",
        """
Maria Camilleri
Segretarju Permanenti tal-Ministeru
""",
        "2016-06-29",
        "Maria Camilleri",
    ),
    Case(
        "nl",
        """
Ministerie van Infrastructuur en Milieu
Plesmanweg 1-6
2597 JG Den Haag

Den Haag, 29 juni 2016

De heer J. de Vries
Voorzitter van de Vereniging Natuurmonumenten
Noordereinde 60
1243 JJ 's-Graveland
""",
        "Geachte heer De Vries,",
        (
            "Hartelijk dank voor uw brief van 3 juni 2016, waarin u de zorgen van uw vereniging over "
            "de bescherming van de Waddenzee onder de aandacht brengt. Het ministerie heeft al uw "
            "argumenten en voorstellen zorgvuldig bestudeerd.",
            "Graag laat ik u weten dat in het najaar een openbare raadpleging over het ontwerp van "
            "het nieuwe beheerplan van start gaat. Wij zouden het op prijs stellen als "
            "vertegenwoordigers van uw vereniging deelnemen aan de werkgroep en hun ervaring delen.",
        ),
        "Met vriendelijke groet,",
        """
Sanne Jansen
directeur Natuur en Biodiversiteit
""",
        "2016-06-29",
        "Sanne Jansen",
    ),
    Case(
        "pl",
        """
Ministerstwo Środowiska
ul. Wawelska 52/54
00-922 Warszawa

Warszawa, 29 czerwca 2016 r.

Pan Tomasz Nowak
Prezes Polskiego Towarzystwa Ochrony Ptaków
ul. Odrowąża 24
05-270 Marki
""",
        "Szanowny Panie Prezesie,",
        (
            "dziękuję za pismo z dnia 3 czerwca 2016 r., w którym wyraża Pan zaniepokojenie "
            "Towarzystwa stanem ochrony mokradeł w dolinie Biebrzy. Ministerstwo starannie "
            "przeanalizowało wszystkie przedstawione przez Pana argumenty i propozycje.",
            "Uprzejmie informuję, że jesienią rozpoczną się konsultacje społeczne projektu nowego "
            "planu ochrony parku narodowego. Będzie nam bardzo miło, jeżeli przedstawiciele "
            "Towarzystwa wezmą udział w pracach zespołu roboczego i podzielą się z nami swoim "
            "doświadczeniem.",
        ),
        "Z poważaniem",
        """
Anna Kowalska
dyrektor Departamentu Ochrony Przyrody
""",
        "2016-06-29",
        "Anna Kowalska",
    ),
    Case(
        "pt",
        """
Ministério do Ambiente
Rua de O Século, 51
1200-433 Lisboa

Lisboa, 29 de junho de 2016

Exmo. Senhor
Dr. João Silva
Presidente da Liga para a Proteção da Natureza
Estrada do Calhariz de Benfica, 187
1500-124 Lisboa
""",
        "Exmo. Senhor Presidente,",
        (
            "Agradeço a carta de V. Exa. de 3 de junho de 2016, na qual manifesta a preocupação da "
            "Liga com a proteção das zonas húmidas do estuário do Tejo. O Ministério analisou com "
            "atenção todos os argumentos e propostas que nos fez chegar.",
            "Tenho o prazer de informar que no outono terá início uma consulta pública sobre o "
            "projeto do novo plano de gestão da reserva natural. Teríamos muito gosto em que "
            "representantes da Liga participassem no grupo de trabalho e partilhassem connosco a "
            "sua experiência.",
        ),
        "Com os melhores cumprimentos,",
        """
Ana Sofia Costa
Diretora-Geral do Ambiente
""",
        "2016-06-29",
        "Ana Sofia Costa",
    ),
    Case(
        "ro",
        """
Ministerul Mediului, Apelor și Pădurilor
Bd. Libertății nr. 12, sector 5
040129 București

București, 29 iunie 2016

Domnului Andrei Popescu
Președintele Asociației pentru Protecția Deltei Dunării
Str. Portului nr. 8
820243 Tulcea
""",
        "Stimate domnule Popescu,",
        (
            "Vă mulțumim pentru scrisoarea dumneavoastră din 3 iunie 2016, în care exprimați "
            "îngrijorarea asociației cu privire la protecția zonelor umede din Delta Dunării. "
            "Ministerul a analizat cu atenție toate argumentele și propunerile pe care ni le-ați "
            "transmis.",
            "Doresc să vă informez că în toamnă va începe o consultare publică privind proiectul "
            "noului plan de management al rezervației. Ne-am bucura foarte mult dacă reprezentanții "
            "asociației ar participa la lucrările grupului de lucru și ne-ar împărtăși experiența lor.",
        ),
        "Cu stimă,",
        """
Elena Ionescu
secretar de stat
""",
        "2016-06-29",
        "Elena Ionescu",
    ),
    Case(
        "sk",
        """
Ministerstvo životného prostredia Slovenskej republiky
Námestie Ľudovíta Štúra 1
812 35 Bratislava

V Bratislave 29. júna 2016

Ing. Peter Horváth
predseda Slovenskej ornitologickej spoločnosti
Zelená 3
831 03 Bratislava
""",
        "Vážený pán predseda,",
        (
            "ďakujem Vám za Váš list zo dňa 3. júna 2016, v ktorom upozorňujete na obavy Vašej "
            "spoločnosti v súvislosti s ochranou mokradí na Záhorí. Ministerstvo starostlivo "
            "posúdilo všetky Vaše argumenty a návrhy a zdieľa Vaše obavy o zachovanie týchto "
            "cenných území.",
            "Rád by som Vás informoval, že na jeseň sa začne verejné pripomienkovanie návrhu nového "
            "programu starostlivosti o chránené územia. Veľmi by nás potešilo, keby sa zástupcovia "
            "Vašej spoločnosti zapojili do pracovnej skupiny a podelili sa s nami o svoje skúsenosti.",
        ),
        "S pozdravom",
        """
Mgr. Zuzana Kováčová
generálna riaditeľka sekcie ochrany prírody
""",
        "2016-06-29",
        "Zuzana Kováčová",
    ),
    Case(
        "sl",
        """
Ministrstvo za okolje in prostor
Dunajska cesta 48
1000 Ljubljana

Ljubljana, 29. junija 2016

Gospod Marko Novak
predsednik Društva za opazovanje in proučevanje ptic Slovenije
Tržaška cesta 2
1000 Ljubljana
""",
        "Spoštovani gospod Novak,",
        (
            "zahvaljujemo se vam za dopis z dne 3. junija 2016, v katerem izražate skrb društva "
            "glede varstva mokrišč na Ljubljanskem barju. Na ministrstvu smo skrbno preučili vse "
            "vaše argumente in predloge ter delimo vašo skrb za ohranitev teh dragocenih območij.",
            "Obveščam vas, da se bo jeseni začela javna obravnava osnutka novega načrta upravljanja "
            "zavarovanih območij. Zelo bomo veseli, če se bodo predstavniki društva vključili v "
            "delovno skupino in z nami delili svoje izkušnje.",
        ),
        "Lep pozdrav,",
        """
Maja Kranjc
generalna direktorica Direktorata za okolje
""",
        "2016-06-29",
        "Maja Kranjc",
    ),
    Case(
        "sv",
        """
Miljö- och energidepartementet
Malmtorgsgatan 3
103 33 Stockholm

Stockholm den 29 juni 2016

Erik Johansson
Ordförande, Svenska Naturskyddsföreningen
Åsögatan 115
116 24 Stockholm
""",
        "Bäste Erik Johansson,",
        (
            "Tack för ditt brev av den 3 juni 2016, där du redogör för föreningens oro när det gäller "
            "skyddet av våtmarkerna i Kristianstads Vattenrike. Departementet har noggrant gått "
            "igenom alla dina argument och förslag, och vi delar din oro för dessa värdefulla "
            "områden.",
            "Jag vill meddela att en offentlig remiss av förslaget till ny skötselplan för "
            "naturreservaten kommer att inledas i höst. Vi skulle vara mycket glada om företrädare "
            "för föreningen ville delta i arbetsgruppen och dela med sig av sina erfarenheter.",
        ),
        "Med vänliga hälsningar",
        """
Karin Lindberg
enhetschef vid Naturmiljöenheten
""",
        "2016-06-29",
        "Karin Lindberg",
    ),
]
CASES_BY_LANG = {c.lang: c for c in CASES}


def expected(case: Case) -> dict[str, str | None]:
    """The fields every format must get right for ``case``."""
    return {
        "date": case.date,
        "salutation": case.salutation,
        "closing": case.closing,
        "signatory": case.signatory,
        "language": case.lang,
    }


def got(letter: object) -> dict[str, str | None]:
    """The same fields, read from a :class:`letterkit.model.Letter`."""
    signatories = getattr(letter, "signatories", None) or []
    return {
        "date": getattr(letter, "date", None),
        "salutation": getattr(letter, "salutation", None),
        "closing": getattr(letter, "closing", None),
        "signatory": signatories[0].name if signatories else None,
        "language": getattr(letter, "language", None),
    }
