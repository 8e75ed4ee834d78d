"""Russian-language articles: numbers, hedges, vague quantities, cues, names in every case, memberships.

Pure extraction tests call the Russian readers directly; the last tests load a
whole Russian article through the real CLI into SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from conftest import REPO, SEEDS
from factdb.extract.ru.claims import extract_claims_ru
from factdb.parse.article import body_language as _language


def claims(text):
    return [(text[c.start:c.end], c) for c in extract_claims_ru(text)]


def one(text):
    found = claims(text)
    assert len(found) == 1, found
    return found[0][1]


# --- numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize("text, value", [
    ("В стране находятся 6 тыс. военнослужащих.", 6000),
    ("Бюджет составит 1,3 млрд долларов.", 1.3e9),
    ("В миссии участвуют 2 030 человек.", 2030),
    ("В миссии участвуют 2\u00a0030 человек.", 2030),
    ("В миссии участвуют 2\u202f030 человек.", 2030),
    ("Добыча составит 1,524 млн баррелей в сутки.", 1.524e6),
    ("Долг достиг 3 трлн тенге.", 3e12),
    ("Погибли двадцати двух человек не было.", 22),
    ("Эвакуированы полторы тысячи человек.", 1500),
    ("Задержаны сто двадцать пять человек.", 125),
    ("Погибли двое граждан.", 2),
    ("Ранены трое военнослужащих.", 3),
    ("В отряде 1 350 000 человек.", 1350000),
    ("Кредит на 2,5 млн евро.", 2.5e6),
])
def test_number_formats(text, value):
    assert one(text).value == pytest.approx(value)


def test_decimal_comma_and_scale_stay_in_the_span():
    text = "Квота составит 1,5 млн баррелей в сутки."
    (span, c), = claims(text)
    assert span == "1,5 млн" and c.property == "quantity" and c.unit == "barrel/day"


def test_number_words_in_any_case_and_gender():
    assert one("Правительство выделит двум тысячам семей помощь.").value == 2000
    assert one("В результате обстрела погибли не менее двадцати двух человек.").value == 22
    assert one("Эвакуированы более полутора тысяч человек.").value == 1500


def test_dates_years_ordinals_and_names_are_not_claims():
    assert claims("Встреча прошла 26 марта 2015 года в Душанбе.") == []
    assert claims("В 2008 году переговоры возобновились.") == []
    assert claims("201-я военная база размещена в Таджикистане.") == []
    assert claims("На вооружение поступили Су-25 и Ми-8.") == []
    assert claims("Визит продлится до 16 декабря.") == []


# --- hedges -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, qualifier, low, high", [
    ("Погибли более 20 человек.", "more_than", 20, None),
    ("Свыше 300 человек задержаны.", "more_than", 300, None),
    ("Около 300 человек задержаны.", "approx", 270, 330),
    ("В стране находятся порядка 7 тыс. военнослужащих.", "approx", 6300, 7700),
    ("Погибли почти 100 человек.", "approx", 90, 110),
    ("Погибли не менее 22 человек.", "at_least", 22, None),
    ("Задержаны не более 50 человек.", "at_most", None, 50),
    ("Ранены менее 10 человек.", "less_than", None, 10),
    ("Будут эвакуированы от 5 до 7 тысяч человек.", "range", 5000, 7000),
    ("Погибли 20 с лишним человек.", "more_than", 20, None),
])
def test_hedges(text, qualifier, low, high):
    c = one(text)
    assert (c.qualifier, c.low, c.high) == (qualifier, low, high)


def test_do_is_a_bound_before_a_quantity():
    c = one("Контингент увеличат, в нем будут служить до 500 военнослужащих.")
    assert (c.qualifier, c.high, c.low) == ("up_to", 500, None)
    assert one("Ставка может составить до 10%.").qualifier == "up_to"


def test_do_before_a_date_is_no_claim_and_after_a_change_verb_is_the_level():
    assert claims("Соглашение действует до 2025 года.") == []
    c = one("Инфляция выросла до 16%.")
    assert (c.qualifier, c.value, c.property, c.unit) == ("exact", 16, "quantity", "percent")
    c = one("Правительство сократило добычу до 67,6 млн тонн.")
    assert (c.qualifier, c.value, c.unit) == ("exact", 67.6e6, "metric_ton")


def test_change_from_a_to_b_gives_two_exact_levels():
    found = claims("ЦБ поднял ключевую ставку с 10,5% до 17%.")
    assert [(s, c.qualifier, c.value) for s, c in found] == [("10,5%", "exact", 10.5), ("17%", "exact", 17)]
    assert found[0][1].extras.get("previous_level")


# --- vague quantities -----------------------------------------------------------------------------


@pytest.mark.parametrize("text, span, value", [
    ("Десятки человек задержаны.", "Десятки", 10),
    ("Сотни человек эвакуированы.", "Сотни", 100),
    ("Тысячи беженцев покинули город.", "Тысячи", 1000),
    ("Несколько тысяч человек эвакуированы.", "Несколько тысяч", 2000),
    ("Несколько десятков человек задержаны.", "Несколько десятков", 20),
    ("Десятки тысяч беженцев покинули город.", "Десятки тысяч", 10000),
])
def test_vague_quantities_are_lower_bounds(text, span, value):
    (s, c), = claims(text)
    assert (s, c.value, c.qualifier, c.low, c.high) == (span, value, "at_least", value, None)


def test_several_alone_is_not_a_claim():
    assert claims("Несколько человек задержаны.") == []


# --- units, currencies, properties ------------------------------------------------------------------


@pytest.mark.parametrize("text, prop, unit", [
    ("Россия выделит 500 млн руб. на ремонт.", "monetary_amount", "RUB"),
    ("Россия выделит 500 млн рублей на ремонт.", "monetary_amount", "RUB"),
    ("Кредит составит 100 млн долл.", "monetary_amount", "USD"),
    ("Кредит составит $100 млн.", "monetary_amount", "USD"),
    ("Грант составит 20 млн евро.", "monetary_amount", "EUR"),
    ("Бюджет составит 3 трлн тенге.", "monetary_amount", "KZT"),
    ("Зарплаты выросли на 200 сомони.", "monetary_amount", "TJS"),
    ("Пенсии выросли на 1000 сомов.", "monetary_amount", "KGS"),
    ("Кредит составит 5 млрд сумов.", "monetary_amount", "UZS"),
    ("Инфляция составила 7,4%.", "quantity", "percent"),
    ("Дорога протяженностью 50 км построена.", "distance", "km"),
    ("Соглашение заключено на 49 лет.", "duration", "year"),
])
def test_units_and_currencies(text, prop, unit):
    c = one(text)
    assert (c.property, c.unit) == (prop, unit)


@pytest.mark.parametrize("text, prop, unit", [
    ("В результате столкновений погибли 12 человек.", "fatalities", "person"),
    ("Убиты 5 военнослужащих.", "fatalities", "person"),
    ("Число погибших достигло 36.", "fatalities", "person"),
    ("Ранены шесть военнослужащих.", "count", "person"),
    ("Задержаны 40 человек.", "count", "person"),
    ("Эвакуированы 300 жителей.", "count", "person"),
    ("В Таджикистане находятся 7 тыс. военнослужащих.", "troop_count", "person"),
    ("В Казахстан прибыли 2000 миротворцев.", "troop_count", "person"),
    ("Россия оказала помощь на сумму 5 млн долларов.", "monetary_amount", "USD"),
    ("Протяжённость границы составляет 1344 км.", "border_length", "km"),
    ("Курс доллара составил 57,39 рубля.", "exchange_rate", "RUB"),
    ("Доля Китая составляет 40% внешнего долга.", "share", "fraction"),
    ("Поставлены 250 единиц техники.", "count", "count"),
])
def test_property_cues(text, prop, unit):
    c = one(text)
    assert (c.property, c.unit) == (prop, unit)


def test_rate_change_in_money_and_kopecks():
    found = claims("Курс доллара упал на 1 рубль 38 копеек до уровня 57 рублей 38 копеек.")
    assert [(s, c.property, c.value) for s, c in found] == [
        ("1 рубль 38 копеек", "monetary_amount", 1.38), ("57 рублей 38 копеек", "exchange_rate", 57.38)]


def test_partitive_numbers_take_the_reading_of_their_head():
    found = claims("10 человек получили ранения, из которых шесть военнослужащих и четыре мирных жителя.")
    assert [(c.property, c.unit, c.value) for _, c in found] == [
        ("count", "person", 10), ("count", "person", 6), ("count", "person", 4)]


# --- names in every case, subjects -------------------------------------------------------------------


@pytest.fixture(scope="module")
def extractor():
    from factdb.pipeline import Extractor
    from factdb.registry import load_registry

    return Extractor(load_registry(str(SEEDS / "registry.yml")))


def _article(body, published=dt.date(2024, 6, 10)):
    from factdb.records import ParsedArticle

    title = body.split("\n\n")[0]
    return ParsedArticle(title=title, body=body, published=published, date_precision="day", language="ru")


@pytest.mark.parametrize("text, entity", [
    ("Делегация Таджикистана прибыла.", "Tajikistan"),
    ("Выборы прошли в Кыргызстане.", "Kyrgyzstan"),
    ("Путин позвонил Рахмону.", "Emomali Rahmon"),
    ("Заседание ОДКБ прошло в Минске.", "Collective Security Treaty Organization"),
    ("Армения вступила в состав Евразийского экономического союза.", "Eurasian Economic Union"),
    ("Саммит Организации Договора о коллективной безопасности открылся.", "Collective Security Treaty Organization"),
    ("Российские военные прибыли.", "Russia"),
])
def test_registry_names_in_every_case(extractor, text, entity):
    from factdb.extract.ru.mentions import RussianMentionFinder

    finder = RussianMentionFinder(extractor.registry)
    assert entity in [m.entity for m in finder.find(text)]


def test_english_matching_does_not_lemmatise(extractor):
    # the English finder keeps surface matching: an inflected Russian form is no mention there
    assert "Tajikistan" not in [m.entity for m in extractor.finder.find("Делегация Таджикистана прибыла.")]
    assert [m.entity for m in extractor.finder.find("Troops in Tajikistan.")] == ["Tajikistan"]


def test_locative_subject_is_the_place(extractor):
    ex = extractor.extract(_article("Беспорядки\n\nВ Таджикистане задержаны 40 человек."))
    (c,) = ex.claims
    assert (c.property, c.subject) == ("count", "Tajikistan")


def test_troops_subject_is_the_owner_and_object_the_place(extractor):
    ex = extractor.extract(_article("База\n\nСейчас в Таджикистане находятся порядка 7 тыс. российских солдат."))
    (c,) = ex.claims
    assert (c.property, c.subject, c.object) == ("troop_count", "Russia", "Tajikistan")


def test_quotes_stay_in_russian(extractor):
    body = "Заявление\n\n«Погибли не менее 22 человек», — сказал представитель МИД Таджикистана."
    (c,) = extractor.extract(_article(body)).claims
    assert c.quote == body.split("\n\n")[1] and c.property == "fatalities"


# --- memberships -------------------------------------------------------------------------------------


def _members(extractor, body, published=dt.date(2024, 6, 10)):
    ex = extractor.extract(_article("Новости\n\n" + body, published))
    return {(m.member, m.organization, m.role, m.status, m.valid_from or m.valid_to) for m in ex.memberships}


def test_list_of_members(extractor):
    got = _members(extractor, "В ОДКБ входят Россия, Казахстан, Белоруссия, Армения, Киргизия и Таджикистан.")
    assert {g[0] for g in got} == {"Russia", "Kazakhstan", "Belarus", "Armenia", "Kyrgyzstan", "Tajikistan"}
    assert {g[3] for g in got} == {"active"}


def test_member_states_of(extractor):
    got = _members(extractor, "Государства — члены ОДКБ: Россия, Армения и Таджикистан.")
    assert {g[0] for g in got} == {"Russia", "Armenia", "Tajikistan"}
    got = _members(extractor, "Саммит ОДКБ, членами которой являются Армения, Казахстан и Россия, прошел в Минске.")
    assert {g[0] for g in got} == {"Armenia", "Kazakhstan", "Russia"}


def test_joined_with_date(extractor):
    got = _members(extractor, "Армения вступила в ЕАЭС 2 января 2015 года.")
    assert got == {("Armenia", "Eurasian Economic Union", "member", "active", dt.date(2015, 1, 2))}
    got = _members(extractor, "Договор о ЕАЭС вступил в силу. В январе 2015 года к союзу присоединилась Армения.")
    assert ("Armenia", "Eurasian Economic Union", "member", "active", dt.date(2015, 1, 1)) in got


def test_became_a_member(extractor):
    got = _members(extractor, "В 2006 году Узбекистан стал членом ОДКБ.")
    assert got == {("Uzbekistan", "Collective Security Treaty Organization", "member", "active", dt.date(2006, 1, 1))}


@pytest.mark.parametrize("body, status", [
    ("В 2012 году Узбекистан приостановил членство в ОДКБ.", "suspended"),
    ("Армения заморозила участие в ОДКБ в феврале 2024 года.", "suspended"),
    ("В 2012 году Узбекистан вышел из ОДКБ.", "former"),
    ("Узбекистан не является членом ОДКБ.", "negated"),
])
def test_suspended_former_negated(extractor, body, status):
    (got,) = _members(extractor, body)
    assert got[0] in ("Uzbekistan", "Armenia") and got[3] == status


def test_freeze_as_a_noun_points_back_to_the_country(extractor):
    got = _members(extractor, "В феврале премьер-министр Армении заявил о заморозке участия страны в ОДКБ.")
    assert ("Armenia", "Collective Security Treaty Organization", "member", "suspended", dt.date(2024, 2, 1)) in got


def test_chair(extractor):
    got = _members(extractor, "Казахстан председательствует в ОДКБ в 2024 году.")
    assert ("Kazakhstan", "Collective Security Treaty Organization", "chair", "active", dt.date(2024, 1, 1)) in got
    got = _members(extractor, "Таджикистан в следующем году принимает председательство в ОДКБ.")
    assert ("Tajikistan", "Collective Security Treaty Organization", "chair", "pending", dt.date(2025, 1, 1)) in got


def test_demonym_adjective_is_not_a_member(extractor):
    got = _members(extractor, "Киргизия присоединилась к российскому Евразийскому экономическому союзу.")
    assert {g[0] for g in got} == {"Kyrgyzstan"}


# --- language detection, lazy loading ------------------------------------------------------------------


def test_language_of_mixed_text():
    assert _language("Россия сократит контингент, сообщает Reuters со ссылкой на KAZAKHSTAN TODAY.") == "ru"
    assert _language("The banner read «Слава России» as the crowd marched through Moscow on Sunday.") == "en"
    assert _language("Україна і Росія підписали угоду про обмін полоненими.") == "uk"
    assert _language("Troops of the CSTO (ОДКБ) left Kazakhstan, Reuters reported on Thursday.") == "en"


def test_english_extraction_never_loads_pymorphy3():
    code = (
        "import sys\n"
        "from factdb.pipeline import Extractor\n"
        "from factdb.registry import load_registry\n"
        "from factdb.records import ParsedArticle\n"
        f"ex = Extractor(load_registry({str(SEEDS / 'registry.yml')!r}))\n"
        "ex.extract(ParsedArticle(title='T', body='T\\n\\nClashes in Tajikistan killed 22 people.'))\n"
        "print('pymorphy3' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert out.stdout.strip() == "False"


# --- a whole Russian article through the CLI ------------------------------------------------------------

ARTICLE = """---
published: 2024-06-10
outlet: Тестовое агентство
---
# В ОДКБ сократят бюджет из-за Армении

Из-за отказа Армении платить взнос бюджет ОДКБ сократят на 5%, сообщили в МИД России.

В ОДКБ входят Россия, Казахстан, Белоруссия, Армения, Киргизия и Таджикистан. В феврале Армения заморозила участие в ОДКБ.

В Таджикистане находятся порядка 7 тыс. российских военнослужащих. В результате столкновений на границе погибли не менее 22 человек, ранены десятки.
"""


def test_whole_russian_article_through_the_cli(run_cli, tmp_path):
    (tmp_path / "ru.md").write_text(ARTICLE, encoding="utf-8")
    result = run_cli("load", str(tmp_path))
    assert result.exit_code == 0, result.output
    rows = json.loads(run_cli("claims", "--format", "json").stdout)
    got = {(r["property"], r["value"], r["qualifier"]) for r in rows}
    assert ("troop_count", 7000, "approx") in got
    assert ("fatalities", 22, "at_least") in got
    assert ("count", 10, "at_least") in got
    assert ("quantity", 5, "exact") in got
    troops = next(r for r in rows if r["property"] == "troop_count")
    assert troops["subject"] == "Russia" and troops["quote"].startswith("В Таджикистане находятся")
    art = json.loads(run_cli("articles", "--format", "json").stdout)
    assert art[0]["language"] == "ru"
    members = run_cli("sql", "SELECT e.name, m.standing, m.negated FROM memberships m "
                             "JOIN entities e ON e.id = m.member_entity_id ORDER BY e.name, m.standing",
                      "--format", "json")
    stored = {(r["name"], r["standing"]) for r in json.loads(members.stdout)}
    assert {("Russia", "active"), ("Tajikistan", "active"), ("Armenia", "active"), ("Armenia", "suspended")} <= stored


@pytest.mark.parametrize("body, expected", [
    ("ОДКБ приостановила членство Узбекистана в организации.",
     {("Uzbekistan", "Collective Security Treaty Organization", "member", "suspended")}),
    ("Ереван заморозил участие в ОДКБ.", {("Armenia", "Collective Security Treaty Organization", "member", "suspended")}),
    ("Выход Узбекистана из ОДКБ был оформлен в декабре 2012 года.",
     {("Uzbekistan", "Collective Security Treaty Organization", "member", "former")}),
    ("Иран станет полноправным членом ШОС.", {("Iran", "Shanghai Cooperation Organisation", "member", "pending")}),
    ("Статус наблюдателя в ШОС имеют Афганистан и Белоруссия.",
     {("Afghanistan", "Shanghai Cooperation Organisation", "observer", "active"),
      ("Belarus", "Shanghai Cooperation Organisation", "observer", "active")}),
    ("Председательствующий в ШОС Узбекистан провел саммит.",
     {("Uzbekistan", "Shanghai Cooperation Organisation", "chair", "active")}),
    ("Киргизия и Таджикистан являются членами ОДКБ и ШОС.",
     {(c, o, "member", "active") for c in ("Kyrgyzstan", "Tajikistan")
      for o in ("Collective Security Treaty Organization", "Shanghai Cooperation Organisation")}),
])
def test_more_membership_wording(extractor, body, expected):
    assert {g[:4] for g in _members(extractor, body)} == expected


def test_list_after_a_count_of_members(extractor):
    got = _members(extractor, "Полноправными членами ШОС являются три государства: Индия, Иран и Китай.")
    assert {g[0] for g in got} == {"India", "Iran", "China"}
    got = _members(extractor, "В ОДКБ входят три государства — члена (Армения, Белоруссия и Россия).")
    assert {g[0] for g in got} == {"Armenia", "Belarus", "Russia"}


def test_fractions_and_shares():
    (s, c), = claims("Переводы мигрантов составляют почти треть ВВП страны.")
    assert (s, c.property, c.value, c.qualifier) == ("треть", "share", 0.3333, "approx")
    (s, c), = claims("Две трети жителей покинули село.")
    assert (s, c.value) == ("Две трети", 0.6667)
    assert claims("Во второй половине года рост замедлился.") == []
    found = claims("Население составляет 10 млн человек, из них 70% проживают в селах.")
    assert [(c.property, c.value) for _, c in found] == [("count", 1e7), ("share", 0.7)]


def test_currency_not_repeated_after_a_money_claim():
    found = claims("Экспорт составил 4,5 млрд долларов, импорт — 2,8 млрд.")
    assert [(c.property, c.unit, c.value) for _, c in found] == [
        ("monetary_amount", "USD", 4.5e9), ("monetary_amount", "USD", 2.8e9)]


def test_distance_from_a_place_is_not_a_border_length():
    assert one("Войска отведут на 3 км от линии границы.").property == "distance"


def test_a_history_in_one_sentence_gives_two_statuses(extractor):
    got = _members(extractor, "Узбекистан вернулся в ОДКБ в 2006 году, а в 2012 году вновь приостановил свое участие.")
    assert {(g[3], g[4]) for g in got} == {("active", dt.date(2006, 1, 1)), ("suspended", dt.date(2012, 1, 1))}


def test_membership_since_a_date_and_pending_status(extractor):
    got = _members(extractor, "Армения с 2015 года входит в Евразийский экономический союз.", dt.date(2022, 9, 20))
    assert got == {("Armenia", "Eurasian Economic Union", "member", "active", dt.date(2015, 1, 1))}
    got = _members(extractor, "Белоруссия с 1 января 2024 года является членом ШОС.", dt.date(2022, 9, 20))
    assert {g[3] for g in got} == {"pending"}
    got = _members(extractor, "Иран подписал меморандум для получения статуса государства-члена ШОС.")
    assert {g[:4] for g in got} == {("Iran", "Shanghai Cooperation Organisation", "member", "pending")}


def test_quantity_subject_is_the_country_named_before_it(extractor):
    ex = extractor.extract(_article("Цены\n\nВ Киргизии инфляция составила 14,7%, а в Таджикистане — 4,2%."))
    assert [(c.value, c.subject) for c in ex.claims] == [(14.7, "Kyrgyzstan"), (4.2, "Tajikistan")]


def test_more_non_claims():
    assert claims("Встреча пройдет с 5 по 7 октября в Душанбе.") == []
    assert claims("Согласно ст. 23 закона, иностранцы обязаны регистрироваться.") == []
    assert claims("Саммит прошел 15-16 сентября 2022 года.") == []


def test_participles_used_as_nouns_and_prices_per_unit():
    c = one("Президент подписал указ об амнистии 1500 заключенных.")
    assert (c.property, c.unit, c.counted) == ("count", "person", "prisoners")
    c = one("Цена на нефть выросла до $95 за баррель.")
    assert (c.property, c.unit, c.value) == ("quantity", "USD/barrel", 95)


@pytest.mark.parametrize("text, prop, unit, value", [
    ("Стороны подписали 49-летний договор аренды.", "duration", "year", 49),
    ("Соглашение продлевается на последующие пятилетние периоды.", "duration", "year", 5),
    ("Трехдневные учения завершились.", "duration", "day", 3),
    ("63-летний президент выступил на саммите.", "quantity", "year", 63),
    ("В возрасте 78 лет скончался бывший президент.", "quantity", "year", 78),
    ("В Казахстан прибыл пятитысячный контингент миротворцев.", "troop_count", "person", 5000),
])
def test_numbers_inside_compound_adjectives_and_ages(text, prop, unit, value):
    c = one(text)
    assert (c.property, c.unit, c.value) == (prop, unit, value)


def test_age_subject_is_the_person(extractor):
    (c,) = extractor.extract(_article("Юбилей\n\nПрезиденту Таджикистана Эмомали Рахмону 70 лет.")).claims
    assert (c.property, c.unit, c.value, c.subject) == ("quantity", "year", 70, "Emomali Rahmon")


@pytest.mark.parametrize("body, expected", [
    ("Узбекистан был членом ОДКБ с 2006 по 2012 год.",
     {("Uzbekistan", "Collective Security Treaty Organization", "member", "former")}),
    ("В 2006 году Узбекистан возобновил членство в ОДКБ.",
     {("Uzbekistan", "Collective Security Treaty Organization", "member", "active")}),
    ("В 1999 году Грузия и Узбекистан отказались продлевать Договор о коллективной безопасности.",
     {(c, "Collective Security Treaty", "member", "former") for c in ("Georgia", "Uzbekistan")}),
    ("Договор о коллективной безопасности подписали Армения, Россия и Узбекистан.",
     {(c, "Collective Security Treaty", "member", "active") for c in ("Armenia", "Russia", "Uzbekistan")}),
    ("Киргизия и Таджикистан подписали протокол. Обе страны входят в ОДКБ.",
     {(c, "Collective Security Treaty Organization", "member", "active") for c in ("Kyrgyzstan", "Tajikistan")}),
    ("Пошлины Таможенного союза России, Белоруссии и Казахстана выросли.",
     {(c, "Eurasian Customs Union", "member", "active") for c in ("Russia", "Belarus", "Kazakhstan")}),
])
def test_past_resumed_treaty_and_both_countries(extractor, body, expected):
    assert {g[:4] for g in _members(extractor, body)} == expected


@pytest.mark.parametrize("text, span, prop, unit, value", [
    ("Сумма сделки — 1 млрд 200 млн рублей.", "1 млрд 200 млн рублей", "monetary_amount", "RUB", 1.2e9),
    ("Бюджет проекта составляет USD 1,5 млн на три года вперед", "USD 1,5 млн", "monetary_amount", "USD", 1.5e6),
    ("Товарооборот вырос более чем вдвое.", "вдвое", "quantity", "dimensionless", 2),
    ("Доходы бюджета сократились на треть.", "треть", "share", "fraction", 0.3333),
    ("Ставка повышена на 2 п.п.", "2", "quantity", "percentage_point", 2),
    ("Экспорт газа достиг 18 млрд кубометров.", "18 млрд", "quantity", "cubic_meter", 1.8e10),
])
def test_compound_amounts_codes_ratios_points(text, span, prop, unit, value):
    (s, c), = claims(text)
    assert (s, c.property, c.unit, c.value) == (span, prop, unit, pytest.approx(value))


def test_exchange_rate_subject_is_the_priced_currency(extractor):
    """The quoting currency comes from the registry's ISO codes (the same table as English)."""
    ex = extractor.extract(_article("Курс\n\nОфициальный курс доллара составил 75,5 рубля."))
    rates = [c for c in ex.claims if c.property == "exchange_rate"]
    assert [(c.value, c.unit) for c in rates] == [(75.5, "RUB")]
    assert rates[0].subject == "United States dollar"


@pytest.mark.parametrize("body, key", [
    ("Армения, член ОДКБ, выразила недовольство.", ("Armenia", "Collective Security Treaty Organization", "member", "active")),
    ("Турция является партнером ШОС по диалогу.", ("Turkey", "Shanghai Cooperation Organisation", "partner", "active")),
    ("Монголия имеет статус наблюдателя в ШОС.", ("Mongolia", "Shanghai Cooperation Organisation", "observer", "active")),
    ("Молдавия получила статус кандидата в члены Евросоюза.", ("Moldova", "European Union", "applicant", "active")),
    ("Азербайджан подал заявку на вступление в БРИКС.", ("Azerbaijan", "BRICS", "applicant", "active")),
    ("Туркмения — единственная из стран СНГ, не входящая в ОДКБ.",
     ("Turkmenistan", "Commonwealth of Independent States", "member", "active")),
    ("Страны-члены ОДКБ Россия, Белоруссия и Казахстан провели учения.",
     ("Belarus", "Collective Security Treaty Organization", "member", "active")),
])
def test_nouns_and_status_phrases_of_membership(extractor, body, key):
    assert key in {g[:4] for g in _members(extractor, body)}


def test_members_named_alongside_a_joiner(extractor):
    got = {g[:4] for g in _members(extractor, "Белоруссия стала членом ШОС наряду с Индией, Ираном и Китаем.")}
    assert {("India", "Shanghai Cooperation Organisation", "member", "active"),
            ("China", "Shanghai Cooperation Organisation", "member", "active")} <= got


def test_gapped_joiner_takes_its_own_date(extractor):
    got = _members(extractor, "Финляндия присоединилась к НАТО в апреле 2023 года, а Швеция — в марте 2024 года.")
    assert ("Sweden", "NATO", "member", "active", dt.date(2024, 3, 1)) in got


def test_a_plural_or_a_participle_points_back_to_no_single_country(extractor):
    got = _members(extractor, "Египет вступил в БРИКС. Все форматы, в которых участвуют государства, не входящие в объединение, "
                              "включены в понятие «БРИКС плюс».")
    assert not [g for g in got if g[3] == "negated"]


def test_lowercase_words_are_not_names(extractor):
    ex = extractor.extract(_article("Новости\n\nВ результате того, что произошло, в том числе 3 человека погибли."))
    assert "Togo" not in {m.entity for m in ex.mentions}
